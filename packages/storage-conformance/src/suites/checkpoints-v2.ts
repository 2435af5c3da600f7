import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT } from '@alma/types';
import { expectAlmaError, expectConflictError, expectSameRecord } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { makeCheckpoint } from '../fixtures.js';
import { full } from './v2-support.js';

const RUN = 'run-v2';

/** Contract v2 checkpoint rules: atomic stale-write check, tombstones, main-line reads, encoding. */
export function checkpointsV2Suite(ctx: SuiteContext): void {
  describe('checkpoints (v2)', () => {
    ctx.test('checkpoints.expected-latest', async (store) => {
      const first = await store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: null }));
      const second = await store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: first.id }));
      await expectAlmaError(() => store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: first.id })), 'STALE_CHECKPOINT');
      await expectAlmaError(() => store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: null })), 'STALE_CHECKPOINT');
      // A branch has its own tip: its first write expects none, even though the main line has checkpoints.
      const b1 = await store.saveCheckpoint(makeCheckpoint({ runId: RUN, branchId: 'b1', expectedLatestId: null }));
      await store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: second.id }));
      await store.saveCheckpoint(makeCheckpoint({ runId: RUN, branchId: 'b1', expectedLatestId: b1.id }));
      const stored = await store.listCheckpoints(RUN, SINGLE_TENANT);
      expect(stored.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(stored.every((c) => !('expectedLatestId' in c))).toBe(true);
    });

    ctx.test('checkpoints.expected-latest-concurrent', async (store) => {
      const tip = await store.saveCheckpoint(makeCheckpoint({ runId: RUN }));
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.saveCheckpoint(makeCheckpoint({ runId: RUN, expectedLatestId: tip.id }))),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((r) => (r.reason as { code?: string }).code === 'STALE_CHECKPOINT')).toBe(true);
      expect((await store.listCheckpoints(RUN, SINGLE_TENANT)).map((c) => c.seq)).toEqual([1, 2]);
    });

    ctx.test('checkpoints.tombstone', async (store) => {
      await store.saveCheckpoint(makeCheckpoint({ runId: RUN, tenantId: 't-tomb' }));
      await store.saveCheckpoint(makeCheckpoint({ runId: 'other-run', tenantId: 't-tomb' }));
      expect(await store.deleteCheckpoints('other-run', { tenantId: 't-tomb' }, { keepLast: 0 })).toBe(1);
      await store.saveCheckpoint(makeCheckpoint({ runId: 'other-run', tenantId: 't-tomb' })); // retention is no tombstone
      expect(await store.deleteCheckpoints(RUN, { tenantId: 't-tomb' })).toBe(1);
      await expectConflictError(() => store.saveCheckpoint(makeCheckpoint({ runId: RUN, tenantId: 't-tomb' })));
      expect(await store.listCheckpoints(RUN, { tenantId: 't-tomb' })).toEqual([]);
      expect(await full(store).getRun(RUN, { tenantId: 't-tomb' })).toBeUndefined();
      const listed = (await full(store).listRuns({ scope: { tenantId: 't-tomb' } })).runs.map((r) => r.runId);
      expect(listed).toEqual(['other-run']);
    });

    ctx.test('checkpoints.main-line', async (store) => {
      const m1 = await store.saveCheckpoint(makeCheckpoint({ runId: RUN }));
      const b1 = await store.saveCheckpoint(makeCheckpoint({ runId: RUN, branchId: 'b1' }));
      const m2 = await store.saveCheckpoint(makeCheckpoint({ runId: RUN }));
      const b2 = await store.saveCheckpoint(makeCheckpoint({ runId: RUN, branchId: 'b1' }));
      const main = await store.listCheckpoints(RUN, SINGLE_TENANT, { branchId: null });
      expect(main.map((c) => c.id)).toEqual([m1.id, m2.id]);
      expect((await store.listCheckpoints(RUN, SINGLE_TENANT, { branchId: 'b1' })).map((c) => c.id)).toEqual([b1.id, b2.id]);
      expect((await store.getLatestCheckpoint(RUN, SINGLE_TENANT, { branchId: null }))?.id).toBe(m2.id);
      expect((await store.getLatestCheckpoint(RUN, SINGLE_TENANT, { branchId: 'b1' }))?.id).toBe(b2.id);
      expect((await store.getLatestCheckpoint(RUN, SINGLE_TENANT))?.id).toBe(b2.id);
      expect(await store.getLatestCheckpoint(RUN, SINGLE_TENANT, { branchId: 'nope' })).toBeUndefined();
    });

    ctx.test('checkpoints.encoding-round-trip', async (store) => {
      const delta = makeCheckpoint({ runId: RUN, encoding: 'delta', state: '{"append":{"messages":["x"]}}' });
      const saved = await store.saveCheckpoint(delta);
      expect(saved.encoding).toBe('delta');
      expectSameRecord(await store.getCheckpoint(saved.id, SINGLE_TENANT), { ...delta, seq: 1 });
      const plain = await store.saveCheckpoint(makeCheckpoint({ runId: RUN }));
      const back = await store.getCheckpoint(plain.id, SINGLE_TENANT);
      expect(back && 'encoding' in back && back.encoding !== undefined).toBe(false);
      const listed = await store.listCheckpoints(RUN, SINGLE_TENANT);
      expect(listed.map((c) => c.encoding)).toEqual(['delta', undefined]);
    });
  });
}
