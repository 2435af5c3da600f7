import { describe, expect } from '@jest/globals';
import { type StorageBackend } from '@alma/types';
import { expectAlmaError, expectValidationError } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, makeCheckpoint } from '../fixtures.js';
import { full } from './v2-support.js';

const T = { tenantId: 'tenant-runs' };

async function seedRun(store: StorageBackend, runId: string, minute: number, extra: Record<string, unknown> = {}) {
  return store.saveCheckpoint(makeCheckpoint({ runId, ...T, workflowId: 'wf-runs', createdAt: at(minute), ...extra }));
}

/** The run catalog: summaries, listing, filters, updates, isolation. */
export function runsSuite(ctx: SuiteContext): void {
  describe('run catalog', () => {
    ctx.test('runs.summary', async (store) => {
      const s1 = await seedRun(store, 'r1', 1, { state: '{"a":1}' });
      const s2 = await seedRun(store, 'r1', 2, { branchId: 'b2', state: '{"a":[1,2]}' });
      const s3 = await seedRun(store, 'r1', 3, { branchId: 'a1', state: '{"b":"ü"}' });
      const run = await full(store).getRun('r1', T);
      expect(run).toMatchObject({
        runId: 'r1', tenantId: 'tenant-runs', workflowId: 'wf-runs', status: 'running', metadata: {},
        checkpointCount: 3, latestSeq: 3, branches: ['a1', 'b2'],
        stateBytes: s1.stateSizeBytes + s2.stateSizeBytes + s3.stateSizeBytes,
        storedBytes: [s1, s2, s3].reduce((n, c) => n + Buffer.byteLength(c.state, 'utf8'), 0),
      });
      expect(run?.firstAt.getTime()).toBe(at(1).getTime());
      expect(run?.lastAt.getTime()).toBe(at(3).getTime());
      expect(await full(store).getRun('nope', T)).toBeUndefined();
    });

    ctx.test('runs.list-order-cursor', async (store) => {
      for (const [i, runId] of ['r-old', 'r-mid-b', 'r-mid-a', 'r-new', 'r-newest'].entries()) {
        await seedRun(store, runId, i === 2 ? 1 : i); // r-mid-a and r-mid-b share a lastAt: tie by runId
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await full(store).listRuns({ scope: T, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.runs.length).toBeLessThanOrEqual(2);
        seen.push(...page.runs.map((r) => r.runId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['r-newest', 'r-new', 'r-mid-a', 'r-mid-b', 'r-old']);
      await expectValidationError(() => full(store).listRuns({ scope: T, cursor: 'garbage!' }));
      await expectValidationError(() => full(store).listRuns({ scope: T, limit: 0 }));
    });

    ctx.test('runs.filters', async (store) => {
      await seedRun(store, 'f1', 1);
      await seedRun(store, 'f2', 2, { workflowId: 'wf-other' });
      await seedRun(store, 'f3', 3);
      await full(store).updateRun('f3', { status: 'completed', agent: 'agent-x', metadata: { user: 'u1', n: 2, ok: true } }, T);
      const ids = async (q: Record<string, unknown>) =>
        (await full(store).listRuns({ scope: T, ...q })).runs.map((r) => r.runId).sort();
      expect(await ids({ workflowId: 'wf-runs' })).toEqual(['f1', 'f3']);
      expect(await ids({ status: 'completed' })).toEqual(['f3']);
      expect(await ids({ status: 'running' })).toEqual(['f1', 'f2']);
      expect(await ids({ agent: 'agent-x' })).toEqual(['f3']);
      expect(await ids({ metadata: { user: 'u1', n: 2 } })).toEqual(['f3']);
      expect(await ids({ metadata: { user: 'u2' } })).toEqual([]);
      expect(await ids({ metadata: { ok: true } })).toEqual(['f3']);
    });

    ctx.test('runs.update', async (store) => {
      await seedRun(store, 'u1', 1);
      expect(await full(store).updateRun('u1', { status: 'failed', metadata: { reason: "it's \"broken\"" } }, T)).toBe(true);
      expect(await full(store).getRun('u1', T)).toMatchObject({ status: 'failed', metadata: { reason: "it's \"broken\"" } });
      expect(await full(store).updateRun('u1', { metadata: { only: 1 } }, T)).toBe(true);
      expect((await full(store).getRun('u1', T))?.metadata).toEqual({ only: 1 });
      expect(await full(store).updateRun('missing', { status: 'completed' }, T)).toBe(false);
      await expectValidationError(() => full(store).updateRun('u1', { status: 'exploded' as never }, T));
      await expectValidationError(() => full(store).updateRun('u1', { nope: 1 } as never, T));
    });

    ctx.test('runs.tenant-isolation', async (store) => {
      await store.saveCheckpoint(makeCheckpoint({ runId: 'iso-a', tenantId: 'tenant-a' }));
      await store.saveCheckpoint(makeCheckpoint({ runId: 'iso-none' }));
      const s = full(store);
      expect(await s.getRun('iso-a', { tenantId: 'tenant-b' })).toBeUndefined();
      expect(await s.updateRun('iso-a', { status: 'failed' }, { tenantId: 'tenant-b' })).toBe(false);
      expect((await s.getRun('iso-a', { tenantId: 'tenant-a' }))?.status).toBe('running');
      expect((await s.listRuns({ scope: { tenantId: 'tenant-b' } })).runs).toEqual([]);
      expect((await s.listRuns({ scope: {} })).runs.map((r) => r.runId)).toEqual(['iso-none']);
      expect((await s.listRuns({ scope: { allTenants: true } })).runs.map((r) => r.runId).sort()).toEqual(['iso-a', 'iso-none']);
    });

    ctx.test('runs.follow-deletes', async (store) => {
      for (let i = 0; i < 5; i++) await seedRun(store, 'd1', i);
      expect(await store.deleteCheckpoints('d1', T, { keepLast: 2 })).toBe(3);
      expect(await full(store).getRun('d1', T)).toMatchObject({ checkpointCount: 2, latestSeq: 5 });
      const next = await seedRun(store, 'd1', 9);
      expect(next.seq).toBe(6);
      await expectAlmaError(() => full(store).listRuns({ scope: { tenantId: '' } }), 'VALIDATION');
    });
  });
}
