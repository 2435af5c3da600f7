import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { randomBytes } from 'node:crypto';
import { readStatus } from './migrations/runner.js';
import { PostgresStorage } from './index.js';
import { startChild } from './test-support/child.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

const admin = adminClient();
const schemas: string[] = [];
const databases: string[] = [];
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => dropSchemas(admin, schemas),
    ...databases.map((db) => () => admin`DROP DATABASE IF EXISTS ${admin(db)} WITH (FORCE)`),
    () => admin.end(),
  ), 60_000);

const urlFor = (database: string): string => {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

describe('several processes on one server', () => {
  it('4 processes x 4 writers x 40 checkpoints on one run: seqs 1..160, none lost or duplicated', async () => {
    const schema = uniqueSchema('mp');
    schemas.push(schema);
    const parent = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: 8 });
    const runId = 'run-shared';
    const children = Array.from({ length: 4 }, (_, w) =>
      startChild<{ seqs: number[] }>('checkpoint-child.ts', [PG_URL, schema, runId, '40', `w${w}`]),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const perChild = (await Promise.all(children.map((c) => c.result))).map((r) => r.seqs);
    for (const seqs of perChild) expect(seqs).toHaveLength(40);
    const all = perChild.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    const stored = await parent.listCheckpoints(runId, { allTenants: true }, { limit: 1000 });
    expect(stored.map((c) => c.seq)).toEqual(all);
    expect(new Set(stored.map((c) => c.id)).size).toBe(160);
    expect((await parent.getLatestCheckpoint(runId, {}))?.seq).toBe(160);
    await parent.close();
  }, 120_000);

  it('two processes migrating one schema at once: each version applied exactly once', async () => {
    const schema = uniqueSchema('mig2');
    schemas.push(schema);
    const children = [0, 1].map(() => startChild<{ applied: number[] }>('migrate-child.ts', [PG_URL, schema, '8']));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const applied = (await Promise.all(children.map((c) => c.result))).map((r) => r.applied);
    expect(applied.flat().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await readStatus(admin, schema)).pending).toEqual([]);
  }, 120_000);

  it('a new database: migration 001 creates the vector extension, even with two processes racing on two schemas', async () => {
    const database = `alma_t_db_${process.pid}_${randomBytes(3).toString('hex')}`;
    databases.push(database);
    await admin`CREATE DATABASE ${admin(database)}`;
    const children = ['a', 'b'].map((s) => startChild<{ applied: number[] }>('migrate-child.ts', [urlFor(database), `alma_${s}`, '8']));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const applied = (await Promise.all(children.map((c) => c.result))).map((r) => r.applied);
    expect(applied).toEqual([
      [1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6],
    ]);
    const store = await PostgresStorage.open({ url: urlFor(database), schema: 'alma_a', embeddingDim: 8, autoMigrate: false });
    expect(await store.getStats({ scope: {}, projectId: 'p' })).toMatchObject({ totalMemories: 0 });
    await store.close();
  }, 120_000);
});
