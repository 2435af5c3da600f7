import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { StorageError } from '@alma/types';
import { almaTables } from '../schema/index.js';
import { adminClient, assertServerReady, dropSchemas, uniqueSchema } from '../test-support/pg.js';
import { MIGRATIONS } from './index.js';
import { applyPending, MIGRATIONS_TABLE, readStatus } from './runner.js';
import type { Migration } from './types.js';

const sql = adminClient(3);
const schemas: string[] = [];
const fresh = (label = 'mig'): string => {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
};
beforeAll(() => assertServerReady(sql));
afterAll(() =>
  releaseAll(
    () => dropSchemas(sql, schemas),
    () => sql.end(),
  ), 60_000);

describe('migration runner', () => {
  it('applies 001..006 to a new schema, records each, and is idempotent', async () => {
    const schema = fresh();
    expect(await readStatus(sql, schema)).toMatchObject({ schema, currentVersion: null, latestVersion: 6, pending: [1, 2, 3, 4, 5, 6] });
    const first = await applyPending(sql, { schema, embeddingDim: 8 });
    expect(first.applied.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.currentVersion).toBe(6);
    expect((await applyPending(sql, { schema, embeddingDim: 8 })).applied).toEqual([]);
    const status = await readStatus(sql, schema);
    expect(status).toMatchObject({ currentVersion: 6, pending: [] });
    expect(status.migrations.every((m) => m.applied && m.appliedAt instanceof Date)).toBe(true);
  });

  it('creates exactly the drizzle schema: every table, column, type, NOT NULL and index', async () => {
    const schema = fresh();
    await applyPending(sql, { schema, embeddingDim: 12 });
    for (const table of Object.values(almaTables(schema, 12)) as PgTable[]) {
      const config = getTableConfig(table);
      const columns = await sql<{ name: string; type: string; not_null: boolean }[]>`
        SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
        FROM pg_attribute a WHERE a.attrelid = to_regclass(format('%I.%I', ${schema}::text, ${config.name}::text))
          AND a.attnum > 0 AND NOT a.attisdropped`;
      const actual = Object.fromEntries(columns.map((c) => [c.name, { type: c.type, notNull: c.not_null }]));
      const expected = Object.fromEntries(
        config.columns.map((c) => [c.name, { type: c.getSQLType(), notNull: c.notNull || c.primary }]),
      );
      expect({ table: config.name, columns: actual }).toEqual({ table: config.name, columns: expected });
      const indexes = await sql<{ name: string }[]>`
        SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = to_regclass(format('%I.%I', ${schema}::text, ${config.name}::text)) AND NOT x.indisprimary`;
      expect({ table: config.name, indexes: indexes.map((i) => i.name).sort() }).toEqual({
        table: config.name,
        indexes: config.indexes.map((i) => i.config.name).sort(),
      });
    }
    const [collation] = await sql<{ c: string }[]>`
      SELECT co.collname AS c FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation
      WHERE a.attrelid = to_regclass(format('%I.alma_heuristics', ${schema}::text)) AND a.attname = 'id'`;
    expect(collation?.c).toBe('C');
  });

  it('006 stores checkpoint states with LZ4 (this server has it), and pglz rows from before still read', async () => {
    const schema = fresh();
    await applyPending(sql, { schema, embeddingDim: 8 }, MIGRATIONS.slice(0, 5));
    const big = JSON.stringify({ messages: Array.from({ length: 2000 }, (_, i) => `message ${i} of a long chat`) });
    const insert = (id: string) => sql`
      INSERT INTO ${sql(schema)}.alma_checkpoints (id, run_id, node_id, seq, state, state_hash, state_size_bytes, metadata, created_at)
      VALUES (${id}, 'run-1', 'n', ${id === 'before' ? 1 : 2}, ${big}, ${'0'.repeat(64)}, ${big.length}, '{}'::jsonb, now())`;
    await insert('before');
    await applyPending(sql, { schema, embeddingDim: 8 });
    await insert('after');
    const [setting] = await sql<{ c: string }[]>`
      SELECT a.attcompression AS c FROM pg_attribute a
      WHERE a.attrelid = to_regclass(format('%I.alma_checkpoints', ${schema}::text)) AND a.attname = 'state'`;
    expect(setting?.c).toBe('l');
    const rows = await sql<{ id: string; method: string; same: boolean }[]>`
      SELECT id, pg_column_compression(state) AS method, state = ${big} AS same
      FROM ${sql(schema)}.alma_checkpoints ORDER BY seq`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { id: 'before', method: 'pglz', same: true },
      { id: 'after', method: 'lz4', same: true },
    ]);
  });

  it('rolls a failing run back completely: nothing half-done, every version still pending', async () => {
    const schema = fresh();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      async up(ctx) {
        await ctx.useSchema();
        await ctx.tx.unsafe('CREATE TABLE half_done (id TEXT)');
        await ctx.tx.unsafe('THIS IS NOT SQL');
      },
    };
    const list = [MIGRATIONS[0] as Migration, broken];
    await expect(applyPending(sql, { schema, embeddingDim: 8 }, list)).rejects.toThrow(
      new RegExp(`Migration 002 \\(broken\\) of schema '${schema}' failed: syntax error`),
    );
    const [half] = await sql`SELECT to_regclass(format('%I.half_done', ${schema}::text))::text AS t`;
    expect(half?.['t']).toBeNull();
    expect(await readStatus(sql, schema, list)).toMatchObject({ currentVersion: null, pending: [1, 2] });
  });

  it('refuses a schema migrated by a newer package version', async () => {
    const schema = fresh();
    await applyPending(sql, { schema, embeddingDim: 8 });
    await sql`INSERT INTO ${sql(schema)}.${sql(MIGRATIONS_TABLE)} (version, name) VALUES (99, 'future')`;
    await expect(readStatus(sql, schema)).rejects.toThrow(StorageError);
    await expect(applyPending(sql, { schema, embeddingDim: 8 })).rejects.toThrow(/newer than this @alma\/storage-pg knows/);
    await sql`DELETE FROM ${sql(schema)}.${sql(MIGRATIONS_TABLE)} WHERE version = 99`;
    await sql`DELETE FROM ${sql(schema)}.${sql(MIGRATIONS_TABLE)} WHERE version = 6`;
    await sql`INSERT INTO ${sql(schema)}.${sql(MIGRATIONS_TABLE)} (version, name) VALUES (99, 'future')`;
    await expect(applyPending(sql, { schema, embeddingDim: 8 })).rejects.toThrow(/newer/);
  });

  it('refuses to reuse a schema with another embedding dimension', async () => {
    const schema = fresh();
    await applyPending(sql, { schema, embeddingDim: 8 }, MIGRATIONS.slice(0, 1));
    await expect(applyPending(sql, { schema, embeddingDim: 16 })).rejects.toThrow(
      /stores alma_heuristics\.embedding as vector\(8\), but the store is configured with embeddingDim 16/,
    );
  });
});
