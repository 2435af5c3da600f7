import { describe, expect } from '@jest/globals';
import { MEMORY_TYPES, SINGLE_TENANT, type ScopeFilter } from '@alma/types';
import { expectSameRecord, idsOf, sortedIds, sortIds } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import {
  FIXTURE_PROJECT,
  makeArtifactLink,
  makeCheckpoint,
  makeEntity,
  makeHeuristic,
  makeMemory,
  makeRelationship,
  makeSessionHandoff,
  makeWorkflowOutcome,
  makeWorkItem,
} from '../fixtures.js';
import { allOf } from './memories.js';
import { SAMPLE_PATCHES } from './batch-and-updates.js';

const T = 'tenant-scoping';
const LEVELS = {
  r1: { workflowId: 'wf-1', runId: 'run-1', nodeId: 'node-1' },
  r2: { workflowId: 'wf-1', runId: 'run-1', nodeId: 'node-2' },
  r3: { workflowId: 'wf-1', runId: 'run-2', nodeId: 'node-3' },
  r4: { workflowId: 'wf-2', runId: 'run-3', nodeId: 'node-4' },
  r5: {},
} as const;
type Level = keyof typeof LEVELS;

/** Filter rows: the scope, and which of r1..r5 it must return. */
const EXPECTATIONS: ReadonlyArray<[ScopeFilter, Level[]]> = [
  [{ tenantId: T }, ['r1', 'r2', 'r3', 'r4', 'r5']],
  [{ tenantId: T, workflowId: 'wf-1' }, ['r1', 'r2', 'r3']],
  [{ tenantId: T, workflowId: 'wf-1', runId: 'run-1' }, ['r1', 'r2']],
  [{ tenantId: T, workflowId: 'wf-1', runId: 'run-1', nodeId: 'node-1' }, ['r1']],
  [{ tenantId: T, runId: 'run-2' }, ['r3']],
  [{ tenantId: T, nodeId: 'node-4' }, ['r4']],
  [{ tenantId: T, workflowId: 'wf-2', runId: 'run-1' }, []],
];

/** Scope narrowing below the tenant: workflow, run, node (and branch for checkpoints). */
export function scopingSuite(ctx: SuiteContext): void {
  describe('scoping', () => {
    ctx.test('scoping.memories-levels', async (store) => {
      for (const type of MEMORY_TYPES) {
        const ids = {} as Record<Level, string>;
        for (const level of Object.keys(LEVELS) as Level[]) {
          const record = makeMemory(type, { tenantId: T, ...LEVELS[level] } as never);
          await store.saveMemory(type, record);
          ids[level] = record.id;
        }
        const tenantless = makeMemory(type, { ...LEVELS.r1 } as never);
        await store.saveMemory(type, tenantless);
        for (const [scope, expected] of EXPECTATIONS) {
          const got = await store.queryMemories(type, allOf(type, { scope }));
          expect({ type, scope, ids: sortedIds(got) }).toEqual({
            type,
            scope,
            ids: sortIds(expected.map((l) => ids[l])),
          });
        }
        const single = await store.queryMemories(type, allOf(type, { scope: { ...SINGLE_TENANT, ...LEVELS.r1 } }));
        expect(idsOf(single)).toEqual([tenantless.id]);
        expect(await store.getMemory(type, ids.r1, { tenantId: T, ...LEVELS.r1 })).toBeDefined();
        expect(await store.getMemory(type, ids.r1, { tenantId: T, workflowId: 'wf-2' })).toBeUndefined();
        expect(await store.getMemory(type, ids.r1, { tenantId: T, nodeId: 'node-2' })).toBeUndefined();
        expect(await store.getMemory(type, ids.r5, { tenantId: T, workflowId: 'wf-1' })).toBeUndefined();
      }
    });

    ctx.test('scoping.memory-writes-levels', async (store) => {
      const h = makeHeuristic({ tenantId: T, ...LEVELS.r1 });
      await store.saveMemory('heuristic', h);
      const patch = SAMPLE_PATCHES.heuristic;
      expect(await store.updateMemory('heuristic', h.id, patch, { tenantId: T, runId: 'run-2' })).toBe(false);
      expect(await store.incrementHeuristicOccurrence(h.id, true, { tenantId: T, workflowId: 'wf-2' })).toBe(false);
      expect(await store.deleteMemory('heuristic', h.id, { tenantId: T, nodeId: 'node-2' })).toBe(false);
      expectSameRecord(await store.getMemory('heuristic', h.id, { tenantId: T }), h);
      expect(await store.updateMemory('heuristic', h.id, patch, { tenantId: T, runId: 'run-1' })).toBe(true);
      expectSameRecord(await store.getMemory('heuristic', h.id, { tenantId: T }), { ...h, ...patch });
      expect(await store.deleteMemory('heuristic', h.id, { tenantId: T, ...LEVELS.r1 })).toBe(true);
    });

    ctx.test('scoping.checkpoints-levels', async (store) => {
      const base = { tenantId: T, workflowId: 'wf-1', runId: 'run-ck' };
      const c1 = await store.saveCheckpoint(makeCheckpoint({ ...base, nodeId: 'n1' }));
      const c2 = await store.saveCheckpoint(makeCheckpoint({ ...base, nodeId: 'n2', branchId: 'b1' }));
      const c3 = await store.saveCheckpoint(makeCheckpoint({ ...base, nodeId: 'n1', branchId: 'b2' }));
      const c4 = await store.saveCheckpoint(makeCheckpoint({ ...base, nodeId: 'n2', branchId: 'b1' }));
      const run = 'run-ck';
      expect(await store.getCheckpoint(c1.id, { tenantId: T, workflowId: 'wf-1' })).toBeDefined();
      expect(await store.getCheckpoint(c1.id, { tenantId: T, workflowId: 'wf-other' })).toBeUndefined();
      expect(await store.getCheckpoint(c2.id, { tenantId: T, branchId: 'b2' })).toBeUndefined();
      expect(await store.getCheckpoint(c2.id, { tenantId: T, runId: 'run-other' })).toBeUndefined();
      expect(idsOf(await store.listCheckpoints(run, { tenantId: T, nodeId: 'n1' }))).toEqual([c1.id, c3.id]);
      expect(idsOf(await store.listCheckpoints(run, { tenantId: T, branchId: 'b1' }))).toEqual([c2.id, c4.id]);
      expect(await store.listCheckpoints(run, { tenantId: T, workflowId: 'wf-other' })).toEqual([]);
      expect((await store.getLatestCheckpoint(run, { tenantId: T }))?.id).toBe(c4.id);
      expect((await store.getLatestCheckpoint(run, { tenantId: T, branchId: 'b2' }))?.id).toBe(c3.id);
      expect((await store.getLatestCheckpoint(run, { tenantId: T, nodeId: 'n1' }))?.id).toBe(c3.id);
      expect(await store.getLatestCheckpoint(run, { tenantId: T, workflowId: 'wf-other' })).toBeUndefined();
      expect(idsOf(await store.getLatestCheckpointPerBranch(run, { tenantId: T, nodeId: 'n2' }))).toEqual([c4.id]);
    });

    ctx.test('scoping.workflow-outcomes-levels', async (store) => {
      const o1 = makeWorkflowOutcome({ tenantId: T, workflowId: 'wf-1', runId: 'run-1' });
      const o2 = makeWorkflowOutcome({ tenantId: T, workflowId: 'wf-1', runId: 'run-2' });
      const o3 = makeWorkflowOutcome({ tenantId: T, workflowId: 'wf-2', runId: 'run-3' });
      for (const o of [o1, o2, o3]) await store.saveWorkflowOutcome(o);
      const q = (scope: ScopeFilter) => store.queryWorkflowOutcomes({ scope, topK: 100 });
      expect(sortedIds(await q({ tenantId: T }))).toEqual(sortIds([o1.id, o2.id, o3.id]));
      expect(sortedIds(await q({ tenantId: T, workflowId: 'wf-1' }))).toEqual(sortIds([o1.id, o2.id]));
      expect(idsOf(await q({ tenantId: T, runId: 'run-2' }))).toEqual([o2.id]);
      expect(await q({ tenantId: T, workflowId: 'wf-2', runId: 'run-1' })).toEqual([]);
      expect(await q({ tenantId: T, workflowId: 'wf-1', nodeId: 'node-1' })).toEqual([]);
      expect(await store.getWorkflowOutcome(o1.id, { tenantId: T, runId: 'run-2' })).toBeUndefined();
      expect(await store.getWorkflowOutcome(o1.id, { tenantId: T, workflowId: 'wf-1', runId: 'run-1' })).toBeDefined();
      expect(await store.deleteWorkflowOutcome(o1.id, { tenantId: T, workflowId: 'wf-2' })).toBe(false);
      expect(await store.deleteWorkflowOutcome(o1.id, { tenantId: T, workflowId: 'wf-1' })).toBe(true);
    });

    ctx.test('scoping.tenant-only-records', async (store) => {
      const h = makeHeuristic({ tenantId: T });
      await store.saveMemory('heuristic', h);
      const link = makeArtifactLink(h.id, { tenantId: T });
      const session = makeSessionHandoff({ tenantId: T });
      const item = makeWorkItem({ tenantId: T });
      const [e1, e2] = [makeEntity({ tenantId: T }), makeEntity({ tenantId: T })];
      const rel = makeRelationship(e1.id, e2.id, { tenantId: T });
      await store.saveArtifactLink(link);
      await store.saveSessionHandoff(session);
      await store.saveWorkItem(item);
      await store.saveEntity(e1);
      await store.saveEntity(e2);
      await store.saveRelationship(rel);
      for (const [scope] of EXPECTATIONS) {
        const seen = {
          scope,
          links: idsOf(await store.getArtifactLinks(h.id, scope)),
          sessions: idsOf(await store.listSessionHandoffs({ scope, projectId: FIXTURE_PROJECT })),
          item: (await store.getWorkItem(item.id, scope))?.id,
          items: idsOf(await store.listWorkItems({ scope, projectId: FIXTURE_PROJECT })),
          entity: (await store.getEntity(e1.id, scope))?.id,
          entities: sortedIds(await store.queryEntities({ scope, projectId: FIXTURE_PROJECT })),
          rels: idsOf(await store.queryRelationships({ scope, projectId: FIXTURE_PROJECT })),
        };
        expect(seen).toEqual({
          scope,
          links: [link.id],
          sessions: [session.id],
          item: item.id,
          items: [item.id],
          entity: e1.id,
          entities: sortIds([e1.id, e2.id]),
          rels: [rel.id],
        });
      }
      const deep = { tenantId: T, ...LEVELS.r1 };
      expect(await store.updateWorkItem(item.id, { title: 'renamed' }, deep)).toBe(true);
      expect(await store.deleteRelationship(rel.id, deep)).toBe(true);
      expect(await store.deleteArtifactLink(link.id, deep)).toBe(true);
    });

    ctx.test('scoping.stats-and-deletes-levels', async (store) => {
      const [h1, h2, h3] = [LEVELS.r1, LEVELS.r3, LEVELS.r4].map((l) => makeHeuristic({ tenantId: T, ...l }));
      for (const h of [h1, h2, h3]) if (h) await store.saveMemory('heuristic', h);
      await store.saveWorkflowOutcome(makeWorkflowOutcome({ tenantId: T, workflowId: 'wf-1', runId: 'run-1' }));
      await store.saveWorkflowOutcome(makeWorkflowOutcome({ tenantId: T, workflowId: 'wf-2', runId: 'run-3' }));
      const stats = (scope: ScopeFilter) => store.getStats({ scope, projectId: FIXTURE_PROJECT });
      const wf1 = await stats({ tenantId: T, workflowId: 'wf-1' });
      expect({ heuristic: wf1.counts.heuristic, outcomes: wf1.workflowOutcomes }).toEqual({
        heuristic: 2,
        outcomes: 1,
      });
      expect((await stats({ tenantId: T, runId: 'run-3' })).counts.heuristic).toBe(1);
      expect((await stats({ tenantId: T })).counts.heuristic).toBe(3);
      const deleted = await store.deleteMemories('heuristic', {
        scope: { tenantId: T, runId: 'run-1' },
        projectId: FIXTURE_PROJECT,
      });
      expect(deleted).toBe(1);
      const left = await store.queryMemories('heuristic', allOf('heuristic', { scope: { tenantId: T } }));
      expect(sortedIds(left)).toEqual(sortIds([h2?.id ?? '', h3?.id ?? '']));
    });
  });
}
