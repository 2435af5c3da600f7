import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeCheckpoint, releaseAll } from '@alma/storage-conformance';
import { newCheckpointSchema, SINGLE_TENANT } from '@alma/types';
import type { PostgresStorage } from './index.js';
import { adminClient, assertServerReady } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'ckpt');
let store: PostgresStorage;
beforeAll(async () => {
  await assertServerReady(admin);
  store = await stores.open(8);
});
afterAll(() =>
  releaseAll(
    () => store?.close(),
    () => stores.cleanup(),
    () => admin.end(),
  ));
const seqs = (list: { seq: number }[]) => list.map((c) => c.seq);
const table = (name: string) => admin`${admin(store.options.schema)}.${admin(name)}`;

describe('checkpoint seqs on PostgreSQL', () => {
  it('are never reused within a run id, even after retention deleted all of its checkpoints', async () => {
    for (let i = 0; i < 3; i++) await store.saveCheckpoint(makeCheckpoint({ runId: 'run-reuse' }));
    expect(await store.deleteCheckpoints('run-reuse', SINGLE_TENANT, { keepLast: 0 })).toBe(3);
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-reuse' }))).seq).toBe(4);
  });

  it('start above checkpoints the counter does not know of (rows copied in by hand)', async () => {
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-import' }));
    await admin`DELETE FROM ${table('alma_checkpoint_runs')} WHERE run_id = 'run-import'`;
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-import' }))).seq).toBe(first.seq + 1);
    await admin`UPDATE ${table('alma_checkpoints')} SET seq = 10 WHERE id = ${first.id}`;
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-import' }))).seq).toBe(11);
    await admin`DELETE FROM ${table('alma_checkpoint_runs')} WHERE run_id = 'run-import'`;
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-import' }))).seq).toBe(12);
    expect(seqs(await store.listCheckpoints('run-import', SINGLE_TENANT))).toEqual([2, 10, 11, 12]);
  });

  const contractHasExpected = 'expectedLatestId' in newCheckpointSchema.shape;
  it(`expectedLatestId: ${contractHasExpected ? 'a stale expectation is refused atomically' : 'not part of this contract, so ignored'}`, async () => {
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-stale', branchId: 'b' }));
    const second = makeCheckpoint({ runId: 'run-stale', branchId: 'b', expectedLatestId: first.id } as never);
    expect((await store.saveCheckpoint(second)).seq).toBe(2);
    const zombie = makeCheckpoint({ runId: 'run-stale', branchId: 'b', expectedLatestId: first.id } as never);
    const fresh = makeCheckpoint({ runId: 'run-stale', branchId: 'new', expectedLatestId: null } as never);
    if (contractHasExpected) {
      await expect(store.saveCheckpoint(zombie)).rejects.toMatchObject({ code: 'STALE_CHECKPOINT' });
      expect((await store.saveCheckpoint(fresh)).seq).toBe(3);
      await expect(store.saveCheckpoint(makeCheckpoint({ runId: 'run-stale', branchId: 'new', expectedLatestId: null } as never))).rejects.toMatchObject({
        code: 'STALE_CHECKPOINT',
      });
      expect(seqs(await store.listCheckpoints('run-stale', SINGLE_TENANT))).toEqual([1, 2, 3]);
    } else {
      expect((await store.saveCheckpoint(zombie)).seq).toBe(3);
      expect((await store.saveCheckpoint(fresh)).seq).toBe(4);
    }
  });

  it('a refused conditional save leaves the run catalog as it was (the counter bump rolls back with it)', async () => {
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-rollback' }));
    const counters = () =>
      admin`SELECT last_seq, checkpoint_count::int AS n FROM ${table('alma_checkpoint_runs')} WHERE run_id = 'run-rollback'`;
    const before = await counters();
    const duplicate = makeCheckpoint({ id: first.id, runId: 'run-rollback', expectedLatestId: first.id });
    await expect(store.saveCheckpoint(duplicate)).rejects.toMatchObject({ code: 'CONFLICT' });
    const stale = makeCheckpoint({ runId: 'run-rollback', expectedLatestId: null });
    await expect(store.saveCheckpoint(stale)).rejects.toMatchObject({ code: 'STALE_CHECKPOINT' });
    expect(await counters()).toEqual(before);
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-rollback', expectedLatestId: first.id }))).seq).toBe(2);
  });

  it('a conditional save on a run never written refuses an expected tip and stores no catalog row', async () => {
    const ghost = makeCheckpoint({ runId: 'run-ghost', expectedLatestId: 'ckpt-missing' });
    await expect(store.saveCheckpoint(ghost)).rejects.toMatchObject({ code: 'STALE_CHECKPOINT' });
    expect(await admin`SELECT 1 FROM ${table('alma_checkpoint_runs')} WHERE run_id = 'run-ghost'`).toHaveLength(0);
  });
});
