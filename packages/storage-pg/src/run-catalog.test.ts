import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { at, makeCheckpoint, releaseAll } from '@alma/storage-conformance';
import { SINGLE_TENANT, type PortableRecord } from '@alma/types';
import type { PostgresStorage } from './index.js';
import { EXPORT_CHECKPOINT_BATCH } from './queries/export.js';
import { adminClient, assertServerReady } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'runs');
let store: PostgresStorage;
beforeAll(async () => {
  await assertServerReady(admin);
  store = await stores.open(4);
});
afterAll(() =>
  releaseAll(
    () => store?.close(),
    () => stores.cleanup(),
    () => admin.end(),
  ));

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );

describe('run catalog and contract v2 on PostgreSQL', () => {
  it('a tombstoned run refuses saves on both write paths and restores; its row stays out of the catalog', async () => {
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'tomb' }));
    expect(await store.deleteCheckpoints('tomb', SINGLE_TENANT)).toBe(1);
    expect(await codeOf(store.saveCheckpoint(makeCheckpoint({ runId: 'tomb' })))).toBe('CONFLICT');
    expect(await codeOf(store.saveCheckpoint(makeCheckpoint({ runId: 'tomb', expectedLatestId: null })))).toBe('CONFLICT');
    expect(await codeOf(store.restoreCheckpoint({ ...first, id: 'ckpt_restored_0001', seq: 7 }))).toBe('CONFLICT');
    expect(await store.updateRun('tomb', { status: 'failed' }, SINGLE_TENANT)).toBe(false);
    expect((await store.exportRecords()[Symbol.asyncIterator]().next()).done).toBe(true);
  });

  it('whole-run deletes racing saves leave no checkpoint behind the tombstone', async () => {
    for (let i = 0; i < 3; i++) await store.saveCheckpoint(makeCheckpoint({ runId: 'race' }));
    const saves = Array.from({ length: 8 }, () => store.saveCheckpoint(makeCheckpoint({ runId: 'race' })));
    const deleted = store.deleteCheckpoints('race', SINGLE_TENANT);
    const results = await Promise.allSettled([...saves, deleted]);
    const saved = results.slice(0, 8).filter((r) => r.status === 'fulfilled').length;
    expect(results.slice(0, 8).every((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'CONFLICT')).toBe(true);
    expect(results[8]).toEqual({ status: 'fulfilled', value: 3 + saved });
    expect(await store.listCheckpoints('race', SINGLE_TENANT)).toEqual([]);
  });

  it('restore moves the counter up, keeps counters in step with deletes, and refuses a taken seq', async () => {
    const record = { ...(await store.saveCheckpoint(makeCheckpoint({ runId: 'rest', createdAt: at(3) }))) };
    await store.restoreCheckpoint({ ...record, id: 'ckpt_restored_0010', seq: 10, createdAt: at(1) });
    expect(await codeOf(store.restoreCheckpoint({ ...record, id: 'ckpt_restored_0011', seq: 10 }))).toBe('CONFLICT');
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'rest', createdAt: at(5) }))).seq).toBe(11);
    expect(await store.getRun('rest', SINGLE_TENANT)).toMatchObject({ checkpointCount: 3, latestSeq: 11, firstAt: at(1), lastAt: at(5) });
    expect(await store.deleteCheckpointsOlderThan(at(4), SINGLE_TENANT)).toBeGreaterThanOrEqual(2);
    const run = await store.getRun('rest', SINGLE_TENANT);
    const left = await store.listCheckpoints('rest', SINGLE_TENANT);
    expect(run).toMatchObject({ checkpointCount: 1, latestSeq: 11, stateBytes: left[0]?.stateSizeBytes });
    expect(await store.updateRun('rest', {}, SINGLE_TENANT)).toBe(true);
  });

  it('listRuns validates its cursor and filters metadata by JSON type', async () => {
    await store.saveCheckpoint(makeCheckpoint({ runId: 'meta', tenantId: 't-meta' }));
    await store.updateRun('meta', { metadata: { n: 2, s: '2', nested: { a: 1 }, list: [1] } }, { tenantId: 't-meta' });
    const ids = async (metadata: Record<string, string | number | boolean>) =>
      (await store.listRuns({ scope: { tenantId: 't-meta' }, metadata })).runs.map((r) => r.runId);
    expect(await ids({ n: 2 })).toEqual(['meta']);
    expect(await ids({ n: '2' })).toEqual([]);
    expect(await ids({ s: 2 })).toEqual([]);
    expect(await ids({ list: 1 })).toEqual([]);
    expect(await ids({})).toEqual(['meta']);
    const far = Buffer.from(JSON.stringify([9e15, 'x'])).toString('base64url');
    expect(await codeOf(store.listRuns({ scope: {}, cursor: far }))).toBe('VALIDATION');
    expect(await codeOf(store.listRuns({ scope: {}, metadata: { k: 'a\u0000b' } }))).toBe('VALIDATION');
  });

  it('exportRecords pages through checkpoints in (run, seq) order', async () => {
    const target = await stores.open(4);
    try {
      const n = EXPORT_CHECKPOINT_BATCH * 2 + 3;
      for (let i = 0; i < n; i++) await target.saveCheckpoint(makeCheckpoint({ runId: i % 2 ? 'page-b' : 'page-a', encoding: 'delta' }));
      const out: PortableRecord[] = [];
      for await (const r of target.exportRecords()) out.push(r);
      const keys = out.flatMap((r) => (r.kind === 'checkpoint' ? [`${r.record.runId}#${String(r.record.seq).padStart(4, '0')}`] : []));
      expect(keys).toHaveLength(n);
      expect(keys).toEqual([...keys].sort());
      expect(out.filter((r) => r.kind === 'run').map((r) => r.record)).toMatchObject([
        { runId: 'page-a', checkpointCount: Math.ceil(n / 2) },
        { runId: 'page-b', checkpointCount: Math.floor(n / 2) },
      ]);
    } finally {
      await target.close();
    }
  });
});
