import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { exportToJsonl, importFromJsonl } from '@alma/core';
import { CosmosStorage } from '@alma/storage-cosmos';
import { PostgresStorage } from '@alma/storage-pg';
import { SqliteStorage } from '@alma/storage-sqlite';
import { alma, recordSet, tempDir, writeConfig } from './test-support/run.js';
import { seedStore, type SeedCounts } from './test-support/seed.js';
import { COSMOS_TEST_KEY, pgAdmin, startCosmos, uniqueSchema } from './test-support/services.js';

// THE round trip: everything in a SQLite store -> `alma export` -> `alma import` into a fresh store -> `alma export`
// again; the two exports are equal as sets (every record, every field). Stores whose adapter does not implement
// storage contract v2 yet are listed as skipped, by the capability they lack.
jest.setTimeout(120_000);

const V2 = ['exportRecords', 'restoreCheckpoint', 'updateRun', 'listRuns', 'getRun'];
const hasV2 = (proto: object): boolean => V2.every((m) => typeof (proto as Record<string, unknown>)[m] === 'function');
const itWhen = (ready: boolean) => (ready ? it : it.skip);

const { dir, cleanup } = tempDir('roundtrip');
let seeded: SeedCounts;
let first: string;

beforeAll(async () => {
  const source = new SqliteStorage({ path: join(dir, 'source.db') });
  seeded = await seedStore(source);
  await source.close();
  writeConfig(dir, 'sqlite.yaml', { adapter: 'sqlite', options: { path: 'source.db' } });
  const r = await alma(dir, ['export', '-c', 'sqlite.yaml', '-o', 'first.jsonl']);
  expect(r).toMatchObject({ code: 0, err: '' });
  first = readFileSync(join(dir, 'first.jsonl'), 'utf8');
});
afterAll(cleanup);

/** import first.jsonl with `config`, export again, compare. */
async function roundTrip(config: string): Promise<void> {
  const imported = await alma(dir, ['import', 'first.jsonl', '-c', config, '--json']);
  expect(imported.err).toBe('');
  expect(JSON.parse(imported.out)).toMatchObject({ imported: seeded.total, skipped: 0, errors: [], warnings: [] });
  const again = await alma(dir, ['export', '-c', config]);
  expect(again.code).toBe(0);
  const [a, b] = [recordSet(first), recordSet(again.out)];
  expect(b).toHaveLength(seeded.total);
  expect(b).toEqual(a);
  for (const tenant of [[], ['--tenant', 'acme']]) {
    const stats = async (c: string) => JSON.parse((await alma(dir, ['stats', '-c', c, '--json', ...tenant])).out).counts as unknown;
    expect(await stats(config)).toEqual(await stats('sqlite.yaml'));
  }
}

describe('alma export / import round trip from SQLite', () => {
  it('the export holds every seeded record', () => {
    const kinds = recordSet(first).map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds).toHaveLength(seeded.total);
    expect(kinds.filter((k) => k === 'memory')).toHaveLength(seeded.memory);
    expect(kinds.filter((k) => k === 'checkpoint')).toHaveLength(seeded.checkpoint);
    expect(kinds.filter((k) => k === 'run')).toHaveLength(seeded.run);
  });

  it('-> MemoryStorage: counts and contents equal', async () => {
    writeConfig(dir, 'memory.yaml', { adapter: 'memory', options: { persistPath: 'memory.json' } });
    await roundTrip('memory.yaml');
  });

  it('-> a fresh SQLite file: counts and contents equal', async () => {
    writeConfig(dir, 'sqlite2.yaml', { adapter: 'sqlite', options: { path: 'target.db' } });
    await roundTrip('sqlite2.yaml');
  });

  itWhen(hasV2(PostgresStorage.prototype))('-> PostgreSQL (a unique schema, dropped afterwards)', async () => {
    const sql = await pgAdmin();
    const schema = uniqueSchema('cli_rt');
    try {
      writeConfig(dir, 'pg.yaml', { adapter: 'postgres', options: { url: process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test', schema, embeddingDim: 8 } });
      await roundTrip('pg.yaml');
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
      await sql.end({ timeout: 5 });
    }
  });

  itWhen(hasV2(CosmosStorage.prototype))('-> Cosmos DB (protocol server; same export/import functions)', async () => {
    const server = await startCosmos();
    const store = await CosmosStorage.open({ endpoint: server.endpoint, key: COSMOS_TEST_KEY, agent: server.agent, databaseId: `rt_${process.pid}`, embeddingDim: 8 });
    try {
      const result = await importFromJsonl(store, createReadStream(join(dir, 'first.jsonl')));
      expect(result).toMatchObject({ imported: seeded.total, skipped: 0, errors: [], warnings: [] });
      const out = new PassThrough();
      let again = '';
      out.on('data', (c: Buffer) => (again += c.toString()));
      await exportToJsonl(store, out);
      out.end();
      expect(recordSet(again)).toEqual(recordSet(first));
    } finally {
      await store.close();
      await server.close();
    }
  });
});
