import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type WorkflowOutcomeQuery } from '@alma/types';
import { expectSameRecord, idsOf, sortedIds, sortIds } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeWorkflowOutcome, orderedIds, unitVector, vector } from '../fixtures.js';

/** Workflow outcomes: save/get/delete, filtered queries and similarity search. */
export function workflowOutcomesSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('workflow outcomes', () => {
    ctx.test('workflow-outcomes.round-trip', async (store) => {
      const full = makeWorkflowOutcome({ tenantId: 'tenant-wo', embedding: unitVector(dim, 2) });
      expect(await store.saveWorkflowOutcome(full)).toBe(full.id);
      expectSameRecord(await store.getWorkflowOutcome(full.id, { tenantId: 'tenant-wo' }), full);
      const minimal = makeWorkflowOutcome() as unknown as Record<string, unknown>;
      const lists = [
        'strategiesUsed',
        'successfulPatterns',
        'failedPatterns',
        'extractedHeuristics',
        'extractedAntiPatterns',
      ];
      for (const key of [...lists, 'metadata', 'durationSeconds', 'nodeCount', 'errorMessage']) delete minimal[key];
      await store.saveWorkflowOutcome(minimal as never);
      const read = await store.getWorkflowOutcome(minimal['id'] as string, SINGLE_TENANT);
      expectSameRecord(read, { ...minimal, ...Object.fromEntries(lists.map((k) => [k, []])), metadata: {} });
    });

    ctx.test('workflow-outcomes.get-missing-and-delete', async (store) => {
      const o = makeWorkflowOutcome();
      await store.saveWorkflowOutcome(o);
      expect(await store.getWorkflowOutcome('wfo_doesnotexist', SINGLE_TENANT)).toBeUndefined();
      expect(await store.deleteWorkflowOutcome(o.id, SINGLE_TENANT)).toBe(true);
      expect(await store.getWorkflowOutcome(o.id, SINGLE_TENANT)).toBeUndefined();
      expect(await store.deleteWorkflowOutcome(o.id, SINGLE_TENANT)).toBe(false);
    });

    ctx.test('workflow-outcomes.query-filters', async (store) => {
      const o1 = makeWorkflowOutcome({ agent: 'agent-a', workflowId: 'wf-1', result: 'success' });
      const o2 = makeWorkflowOutcome({ agent: 'agent-b', workflowId: 'wf-1', result: 'failure' });
      const o3 = makeWorkflowOutcome({ agent: 'agent-a', workflowId: 'wf-2', result: 'partial' });
      const o4 = makeWorkflowOutcome({
        agent: 'agent-a',
        workflowId: 'wf-1',
        result: 'success',
        projectId: 'proj-other',
      });
      for (const o of [o1, o2, o3, o4]) await store.saveWorkflowOutcome(o);
      const q = async (extra: Partial<WorkflowOutcomeQuery>) =>
        sortedIds(await store.queryWorkflowOutcomes({ scope: SINGLE_TENANT, topK: 100, ...extra }));
      expect(await q({ projectId: FIXTURE_PROJECT })).toEqual(sortIds([o1.id, o2.id, o3.id]));
      expect(await q({ agents: ['agent-a'] })).toEqual(sortIds([o1.id, o3.id, o4.id]));
      expect(await q({ workflowId: 'wf-1' })).toEqual(sortIds([o1.id, o2.id, o4.id]));
      expect(await q({ result: 'success' })).toEqual(sortIds([o1.id, o4.id]));
      expect(await q({ projectId: FIXTURE_PROJECT, workflowId: 'wf-1', result: 'failure' })).toEqual([o2.id]);
      expect(await q({ workflowId: 'wf-none' })).toEqual([]);
    });

    ctx.test('workflow-outcomes.query-order-top-k', async (store) => {
      const [tieA, tieB] = orderedIds('wfo', 2) as [string, string];
      const timed = Array.from({ length: 10 }, (_, i) => makeWorkflowOutcome({ createdAt: at(i) }));
      const ties = [
        makeWorkflowOutcome({ id: tieB, createdAt: at(50) }),
        makeWorkflowOutcome({ id: tieA, createdAt: at(50) }),
      ];
      for (const o of [...ties, ...timed]) await store.saveWorkflowOutcome(o);
      const newestFirst = [tieA, tieB, ...idsOf(timed).reverse()];
      const all = await store.queryWorkflowOutcomes({ scope: SINGLE_TENANT, topK: 100 });
      expect(idsOf(all)).toEqual(newestFirst);
      for (const scored of all) expect(scored.similarity).toBeUndefined();
      expect(idsOf(await store.queryWorkflowOutcomes({ scope: SINGLE_TENANT }))).toEqual(newestFirst.slice(0, 10));
      expect(idsOf(await store.queryWorkflowOutcomes({ scope: SINGLE_TENANT, topK: 3 }))).toEqual(
        newestFirst.slice(0, 3),
      );
    });

    ctx.test('workflow-outcomes.similarity', async (store) => {
      const diag = vector(dim, [1, 1]);
      const o1 = makeWorkflowOutcome({ embedding: unitVector(dim, 0), createdAt: at(0) });
      const o2 = makeWorkflowOutcome({ embedding: diag, createdAt: at(1) });
      const o3 = makeWorkflowOutcome({ embedding: unitVector(dim, 1), createdAt: at(2), workflowId: 'wf-other' });
      const none = makeWorkflowOutcome({ createdAt: at(3) });
      for (const o of [o3, none, o1, o2]) await store.saveWorkflowOutcome(o);
      const result = await store.queryWorkflowOutcomes({ scope: SINGLE_TENANT, embedding: unitVector(dim, 0, 3) });
      expect(idsOf(result)).toEqual([o1.id, o2.id, o3.id]);
      expect(result.map((r) => r.similarity)).toEqual([
        expect.closeTo(1, 4),
        expect.closeTo(Math.SQRT1_2, 4),
        expect.closeTo(0, 4),
      ]);
      const filtered = await store.queryWorkflowOutcomes({
        scope: SINGLE_TENANT,
        embedding: unitVector(dim, 1),
        workflowId: 'wf-conformance',
        topK: 1,
      });
      expect(idsOf(filtered)).toEqual([o2.id]);
    });
  });
}
