import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type CheckpointRecord } from '@alma/types';
import type { SuiteContext } from '../context.js';
import { makeCheckpoint } from '../fixtures.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sortedSeqs = (records: readonly CheckpointRecord[]) => records.map((r) => r.seq).sort((a, b) => a - b);

/** In-process concurrent writers (multi-process checks are adapter-specific). */
export function checkpointConcurrencySuite(ctx: SuiteContext): void {
  describe('checkpoint concurrency', () => {
    ctx.test('checkpoints.concurrent-seq', async (store) => {
      const n = 60;
      const saved = await Promise.all(range(n).map(() => store.saveCheckpoint(makeCheckpoint({ runId: 'run-hot' }))));
      expect(sortedSeqs(saved)).toEqual(range(n));
      const listed = await store.listCheckpoints('run-hot', SINGLE_TENANT, { limit: 1000 });
      expect(listed.map((r) => r.seq)).toEqual(range(n));
      const bySeq = new Map(saved.map((r) => [r.seq, r.id]));
      expect(listed.map((r) => r.id)).toEqual(range(n).map((s) => bySeq.get(s)));
      const latest = await store.getLatestCheckpoint('run-hot', SINGLE_TENANT);
      expect(latest?.seq).toBe(n);
      expect(latest?.id).toBe(bySeq.get(n));
    });

    ctx.test('checkpoints.concurrent-interleaved-runs', async (store) => {
      const runs = ['run-x', 'run-y', 'run-z'];
      const perRun = 25;
      const writes = range(perRun).flatMap(() => runs.map((runId) => store.saveCheckpoint(makeCheckpoint({ runId }))));
      const saved = await Promise.all(writes);
      for (const runId of runs) {
        expect({ runId, seqs: sortedSeqs(saved.filter((r) => r.runId === runId)) }).toEqual({
          runId,
          seqs: range(perRun),
        });
        expect((await store.listCheckpoints(runId, SINGLE_TENANT, { limit: 1000 })).map((r) => r.seq)).toEqual(
          range(perRun),
        );
        expect((await store.getLatestCheckpoint(runId, SINGLE_TENANT))?.seq).toBe(perRun);
      }
    });

    ctx.test('checkpoints.concurrent-branches', async (store) => {
      const branches = ['left', 'right'];
      const perBranch = 20;
      const saved = await Promise.all(
        range(perBranch).flatMap(() =>
          branches.map((branchId) => store.saveCheckpoint(makeCheckpoint({ runId: 'run-fork', branchId }))),
        ),
      );
      expect(sortedSeqs(saved)).toEqual(range(perBranch * branches.length));
      const latest = await store.getLatestCheckpointPerBranch('run-fork', SINGLE_TENANT);
      expect(latest.map((r) => r.branchId).sort()).toEqual([...branches].sort());
      for (const branchId of branches) {
        const top = Math.max(...saved.filter((r) => r.branchId === branchId).map((r) => r.seq));
        expect(latest.find((r) => r.branchId === branchId)?.seq).toBe(top);
        expect((await store.getLatestCheckpoint('run-fork', { branchId }))?.seq).toBe(top);
      }
      expect(latest.map((r) => r.seq)).toEqual([...latest.map((r) => r.seq)].sort((a, b) => a - b));
    });
  });
}
