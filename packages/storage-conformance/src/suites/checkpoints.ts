import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type CheckpointRecord, type StorageBackend } from '@alma/types';
import { expectDateWithin, expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, makeCheckpoint, type CheckpointInput } from '../fixtures.js';

const RUN = 'run-conformance';

/** Saves checkpoints one after another and returns the stored records. */
export async function saveSequentially(
  store: StorageBackend,
  inputs: readonly Partial<CheckpointInput>[],
): Promise<CheckpointRecord[]> {
  const saved: CheckpointRecord[] = [];
  for (const input of inputs) saved.push(await store.saveCheckpoint(makeCheckpoint(input)));
  return saved;
}

const seqs = (records: readonly CheckpointRecord[]) => records.map((r) => r.seq);

/** Checkpoint CRUD, seq assignment, latest/branch reads, listing and deletes. */
export function checkpointsSuite(ctx: SuiteContext): void {
  describe('checkpoints', () => {
    ctx.test('checkpoints.round-trip', async (store) => {
      const input = makeCheckpoint({
        tenantId: 'tenant-ck',
        workflowId: 'wf-ck',
        branchId: 'branch-1',
        parentCheckpointId: 'ckpt_parent000001',
        state: JSON.stringify({ a: [1, 2, { b: 'ü "q" \\ ✓' }], z: null }),
      });
      const saved = await store.saveCheckpoint(input);
      expectSameRecord(saved, { ...input, seq: 1 });
      expectSameRecord(await store.getCheckpoint(saved.id, { tenantId: 'tenant-ck' }), { ...input, seq: 1 });
      expect(await store.getCheckpoint('ckpt_doesnotexist', { tenantId: 'tenant-ck' })).toBeUndefined();
    });

    ctx.test('checkpoints.created-at-default', async (store) => {
      const { createdAt: _omit, ...input } = makeCheckpoint();
      const before = Date.now();
      const saved = await store.saveCheckpoint(input);
      expectDateWithin(saved.createdAt, before, Date.now());
      expectSameRecord(await store.getCheckpoint(saved.id, SINGLE_TENANT), saved);
    });

    ctx.test('checkpoints.seq-per-run', async (store) => {
      expect(seqs(await saveSequentially(store, [{ runId: 'run-a' }, { runId: 'run-a' }, { runId: 'run-a' }]))).toEqual(
        [1, 2, 3],
      );
      expect(seqs(await saveSequentially(store, [{ runId: 'run-b' }, { runId: 'run-b', branchId: 'x' }]))).toEqual([
        1, 2,
      ]);
      expect(seqs(await saveSequentially(store, [{ runId: 'run-a', branchId: 'y' }]))).toEqual([4]);
    });

    ctx.test('checkpoints.latest', async (store) => {
      const [, , c3, , c5] = await saveSequentially(store, [
        {},
        { branchId: 'b1' },
        { branchId: 'b2' },
        {},
        { branchId: 'b1' },
      ]);
      expectSameRecord(await store.getLatestCheckpoint(RUN, SINGLE_TENANT), c5);
      expect((await store.getLatestCheckpoint(RUN, { branchId: 'b1' }))?.id).toBe(c5?.id);
      expect((await store.getLatestCheckpoint(RUN, { branchId: 'b2' }))?.id).toBe(c3?.id);
      expect(await store.getLatestCheckpoint(RUN, { branchId: 'no-such-branch' })).toBeUndefined();
      expect(await store.getLatestCheckpoint('run-unknown', SINGLE_TENANT)).toBeUndefined();
    });

    ctx.test('checkpoints.latest-per-branch', async (store) => {
      const saved = await saveSequentially(store, [{}, { branchId: 'b1' }, { branchId: 'b2' }, {}, { branchId: 'b1' }]);
      const latest = await store.getLatestCheckpointPerBranch(RUN, SINGLE_TENANT);
      expect(idsOf(latest)).toEqual(idsOf([saved[2], saved[3], saved[4]] as CheckpointRecord[]));
      expectSameRecord(latest[1], saved[3]);
      expect(await store.getLatestCheckpointPerBranch('run-unknown', SINGLE_TENANT)).toEqual([]);
    });

    ctx.test('checkpoints.list', async (store) => {
      const saved = await saveSequentially(store, [{}, { branchId: 'b1' }, { branchId: 'b2' }, {}, { branchId: 'b1' }]);
      await saveSequentially(store, [{ runId: 'run-other' }]);
      const list = await store.listCheckpoints(RUN, SINGLE_TENANT);
      expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
      list.forEach((record, i) => expectSameRecord(record, saved[i]));
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT, { branchId: 'b1' }))).toEqual([2, 5]);
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT, { limit: 2 }))).toEqual([1, 2]);
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT, { afterSeq: 3 }))).toEqual([4, 5]);
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT, { afterSeq: 2, branchId: 'b1' }))).toEqual([5]);
      expect(await store.listCheckpoints('run-unknown', SINGLE_TENANT)).toEqual([]);
      await saveSequentially(
        store,
        Array.from({ length: 100 }, () => ({})),
      );
      const page = await store.listCheckpoints(RUN, SINGLE_TENANT);
      expect(page).toHaveLength(100);
      expect(page[99]?.seq).toBe(100);
    });

    ctx.test('checkpoints.list-cursor-paging', async (store) => {
      await saveSequentially(
        store,
        Array.from({ length: 23 }, (_, i) => (i % 3 === 0 ? { branchId: 'b' } : {})),
      );
      const pages: number[][] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await store.listCheckpoints(RUN, SINGLE_TENANT, { afterSeq, limit: 5 });
        if (page.length === 0) break;
        pages.push(seqs(page));
        afterSeq = page[page.length - 1]?.seq ?? afterSeq;
        if (pages.length > 10) break;
      }
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    });

    ctx.test('checkpoints.delete-run', async (store) => {
      await saveSequentially(store, [{}, {}, { branchId: 'b' }, {}]);
      await saveSequentially(store, [{ runId: 'run-other' }, { runId: 'run-other' }]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT)).toBe(4);
      expect(await store.listCheckpoints(RUN, SINGLE_TENANT)).toEqual([]);
      expect(await store.getLatestCheckpoint(RUN, SINGLE_TENANT)).toBeUndefined();
      expect(seqs(await store.listCheckpoints('run-other', SINGLE_TENANT))).toEqual([1, 2]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT)).toBe(0);
    });

    ctx.test('checkpoints.delete-keep-last', async (store) => {
      await saveSequentially(store, [{}, { branchId: 'b' }, {}, { branchId: 'b' }, {}]);
      await saveSequentially(store, [{ runId: 'run-other' }, { runId: 'run-other' }, { runId: 'run-other' }]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT, { keepLast: 2 })).toBe(3);
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT))).toEqual([4, 5]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT, { keepLast: 5 })).toBe(0);
      expect(seqs(await store.listCheckpoints('run-other', SINGLE_TENANT))).toEqual([1, 2, 3]);
    });

    ctx.test('checkpoints.delete-older-than', async (store) => {
      await saveSequentially(
        store,
        [0, 1, 2, 3, 4].map((m) => ({ createdAt: at(m) })),
      );
      await saveSequentially(store, [{ runId: 'run-other', createdAt: at(0) }]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT, { olderThan: at(1.5) })).toBe(2);
      expect(seqs(await store.listCheckpoints(RUN, SINGLE_TENANT))).toEqual([3, 4, 5]);
      expect(await store.listCheckpoints('run-other', SINGLE_TENANT)).toHaveLength(1);
    });

    ctx.test('checkpoints.delete-older-than-all-runs', async (store) => {
      await saveSequentially(
        store,
        [0, 1, 5].map((m) => ({ runId: 'run-a', createdAt: at(m) })),
      );
      await saveSequentially(
        store,
        [0, 6].map((m) => ({ runId: 'run-b', createdAt: at(m) })),
      );
      await saveSequentially(store, [{ runId: 'run-a', tenantId: 'tenant-other', createdAt: at(0) }]);
      expect(await store.deleteCheckpointsOlderThan(at(3), SINGLE_TENANT)).toBe(3);
      expect(seqs(await store.listCheckpoints('run-a', SINGLE_TENANT))).toEqual([3]);
      expect(seqs(await store.listCheckpoints('run-b', SINGLE_TENANT))).toEqual([2]);
      expect(await store.listCheckpoints('run-a', { tenantId: 'tenant-other' })).toHaveLength(1);
    });

    ctx.test('checkpoints.seq-after-delete', async (store) => {
      await saveSequentially(store, [{}, {}, {}, {}, {}]);
      expect(await store.deleteCheckpoints(RUN, SINGLE_TENANT, { keepLast: 2 })).toBe(3);
      const [next] = await saveSequentially(store, [{}]);
      expect(next?.seq).toBe(6);
      expect((await store.getLatestCheckpoint(RUN, SINGLE_TENANT))?.id).toBe(next?.id);
    });
  });
}
