import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { makeCheckpoint, makeHeuristic, releaseAll } from '@alma/storage-conformance';
import { SINGLE_TENANT, StorageError } from '@alma/types';
import { PostgresStorage } from './index.js';
import { redactUrl } from './options.js';
import { adminClient, assertServerReady, connectionsNamed, PG_URL } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'conn');
let schema: string;
let first: PostgresStorage;
beforeAll(async () => {
  await assertServerReady(admin);
  // Kept open until the end: closing it would drop the schema the other stores of this file share.
  first = await stores.open(8);
  schema = first.options.schema;
});
afterAll(() =>
  releaseAll(
    () => first?.close(),
    () => stores.cleanup(),
    () => admin.end(),
  ), 60_000);

const appName = () => `alma-test-${randomBytes(4).toString('hex')}`;
const internalSql = (store: PostgresStorage): Sql => (store as unknown as { conn: { sql: Sql } }).conn.sql;

/** Backends exit asynchronously after the client disconnects: poll until the count settles. */
async function eventually(read: () => Promise<number>, want: number): Promise<number> {
  let last = await read();
  for (let i = 0; i < 50 && last !== want; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

describe('connections', () => {
  it('close() ends every connection of the pool the store opened', async () => {
    const name = appName();
    expect(await connectionsNamed(admin, name)).toBe(0);
    const store = await PostgresStorage.open({ schema, embeddingDim: 8, poolSize: 3, applicationName: name, url: PG_URL });
    await Promise.all(Array.from({ length: 12 }, () => store.saveCheckpoint(makeCheckpoint())));
    expect(await connectionsNamed(admin, name)).toBeGreaterThanOrEqual(2);
    expect(await connectionsNamed(admin, name)).toBeLessThanOrEqual(3);
    await store.close();
    await store.close();
    expect(await eventually(() => connectionsNamed(admin, name), 0)).toBe(0);
    await expect(store.getCheckpoint('x', SINGLE_TENANT)).rejects.toThrow(new StorageError('postgres', 'The store is closed.'));
  });

  it('a failed open leaves no connection behind', async () => {
    const name = appName();
    const unmigrated = `${schema}_none`;
    await expect(
      PostgresStorage.open({ schema: unmigrated, embeddingDim: 8, applicationName: name, autoMigrate: false, url: PG_URL }),
    ).rejects.toThrow(`needs migrations 1, 2, 3, 4, 5, 6. Run \`npx alma-pg migrate up --url '${redactUrl(PG_URL)}'`);
    await expect(PostgresStorage.open({ schema, embeddingDim: 16, applicationName: name, url: PG_URL })).rejects.toThrow(
      /stores embeddings as vector\(8\), but the store is configured with embeddingDim 16/,
    );
    expect(await eventually(() => connectionsNamed(admin, name), 0)).toBe(0);
  });

  it('an unreachable server fails loudly with a StorageError naming the cause', async () => {
    const error = await PostgresStorage.open({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutSeconds: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/ECONNREFUSED|connect/i);
    expect((error as Error).message).toContain('Is the server running and reachable?');
  });

  it('a caller-provided pool is used as is and left open by close(), its parsers untouched', async () => {
    const name = appName();
    const client = postgres(PG_URL, { max: 2, onnotice: () => undefined, connection: { application_name: name } });
    try {
      const store = await PostgresStorage.open({ client, schema, embeddingDim: 8 });
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      expect((await store.getMemory('heuristic', h.id, SINGLE_TENANT))?.lastValidated).toEqual(h.lastValidated);
      await store.close();
      const [row] = await client<{ now: unknown; j: unknown }[]>`SELECT now() AS now, '{"a":1}'::jsonb AS j`;
      expect(row?.now).toBeInstanceOf(Date);
      expect(row?.j).toEqual({ a: 1 });
      expect(await connectionsNamed(admin, name)).toBeGreaterThanOrEqual(1);
      // A second store shares the same pool.
      const again = await PostgresStorage.open({ client, schema, embeddingDim: 8 });
      expect((await again.getMemory('heuristic', h.id, SINGLE_TENANT))?.id).toBe(h.id);
      await again.close();
    } finally {
      await client.end();
    }
  });

  it('works without prepared statements (PgBouncer transaction pooling) and applies statementTimeoutMs', async () => {
    const store = await PostgresStorage.open({ schema, embeddingDim: 8, prepare: false, statementTimeoutMs: 1234, url: PG_URL });
    try {
      const sql = internalSql(store);
      expect(sql.options.prepare).toBe(false);
      const [row] = await sql<{ statement_timeout: string }[]>`SHOW statement_timeout`;
      expect(row?.statement_timeout).toBe('1234ms');
      for (let i = 0; i < 3; i++) await store.saveCheckpoint(makeCheckpoint({ runId: 'run-bouncer' }));
      expect((await store.listCheckpoints('run-bouncer', SINGLE_TENANT)).map((c) => c.seq)).toEqual([1, 2, 3]);
      const [prepared] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_prepared_statements`;
      expect(prepared?.n).toBe(0);
    } finally {
      await store.close();
    }
  });
});
