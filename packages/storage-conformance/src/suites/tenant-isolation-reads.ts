import { describe, expect } from '@jest/globals';
import { MEMORY_TYPES, VECTOR_MEMORY_TYPES, type MemoryType } from '@alma/types';
import { idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { FIXTURE_PROJECT, unitVector } from '../fixtures.js';
import { allOf } from './memories.js';
import { expectIsolated, getProbe, outcomeAt, scopeOf, SCOPE_LEVELS, seedTenants, TENANT_KEYS } from './tenant-seed.js';

const AGENT_TYPES = MEMORY_TYPES.filter((t): t is Exclude<MemoryType, 'user_preference'> => t !== 'user_preference');

/** Reads of memories, vectors, stats, checkpoints and workflow outcomes never cross tenants. */
export function tenantIsolationReadsSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('tenant isolation: memory and workflow reads', () => {
    ctx.test('tenant-isolation.memory-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      for (const type of MEMORY_TYPES) {
        const own = (s: (typeof seeds)['a']) => [s.memories[type].id];
        const get = getProbe(
          seeds,
          (s) => s.memories[type].id,
          (id, scope) => store.getMemory(type, id, scope),
        );
        await expectIsolated(`getMemory ${type}`, seeds, get, own);
        const query = async (scope: Parameters<typeof get>[0]) =>
          idsOf(await store.queryMemories(type, allOf(type, { scope })));
        await expectIsolated(`queryMemories ${type}`, seeds, query, own);
      }
    });

    ctx.test('tenant-isolation.vector-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      for (const type of VECTOR_MEMORY_TYPES) {
        const probe = async (scope: ReturnType<typeof scopeOf>) =>
          idsOf(await store.queryMemories(type, allOf(type, { scope, embedding: unitVector(dim, 0) })));
        await expectIsolated(`queryMemories ${type} with embedding`, seeds, probe, (s) => [s.memories[type].id]);
      }
      const outcomes = async (scope: ReturnType<typeof scopeOf>) =>
        idsOf(await store.queryWorkflowOutcomes({ scope, embedding: unitVector(dim, 0), topK: 100 }));
      await expectIsolated('queryWorkflowOutcomes with embedding', seeds, outcomes, outcomeAt);
    });

    ctx.test('tenant-isolation.stats', async (store) => {
      await seedTenants(store, dim);
      for (const key of TENANT_KEYS) {
        for (const level of SCOPE_LEVELS) {
          const stats = await store.getStats({ scope: scopeOf(key, level), projectId: FIXTURE_PROJECT });
          const counts = Object.fromEntries(AGENT_TYPES.map((t) => [t, stats.counts[t]]));
          expect({ key, level, counts }).toEqual({
            key,
            level,
            counts: Object.fromEntries(AGENT_TYPES.map((t) => [t, 1])),
          });
          // Workflow outcomes have no nodeId, so a node-level filter leaves them out.
          const outcomes = level === 'node' ? 0 : 1;
          expect({ key, level, workflowOutcomes: stats.workflowOutcomes }).toEqual({
            key,
            level,
            workflowOutcomes: outcomes,
          });
        }
        const scoped = await store.getStats({
          scope: scopeOf(key, 'tenant'),
          projectId: FIXTURE_PROJECT,
          agent: 'agent-alpha',
        });
        expect(scoped.counts.heuristic).toBe(1);
      }
      const admin = await store.getStats({ scope: { allTenants: true }, projectId: FIXTURE_PROJECT });
      for (const type of AGENT_TYPES) expect(admin.counts[type]).toBe(3);
      expect(admin.workflowOutcomes).toBe(3);
    });

    ctx.test('tenant-isolation.checkpoint-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      const run = 'run-shared';
      const allIds = (s: (typeof seeds)['a']) => idsOf(s.checkpoints);
      await expectIsolated(
        'getCheckpoint',
        seeds,
        async (scope) => {
          const found: string[] = [];
          for (const key of TENANT_KEYS) {
            for (const c of seeds[key].checkpoints) if (await store.getCheckpoint(c.id, scope)) found.push(c.id);
          }
          return found;
        },
        allIds,
      );
      await expectIsolated(
        'listCheckpoints',
        seeds,
        async (scope) => idsOf(await store.listCheckpoints(run, scope)),
        allIds,
      );
      await expectIsolated(
        'listCheckpoints branch b1',
        seeds,
        async (scope) => idsOf(await store.listCheckpoints(run, scope, { branchId: 'b1' })),
        (s) => [s.checkpoints[1]?.id ?? ''],
      );
      for (const key of TENANT_KEYS) {
        const [, branched, last] = seeds[key].checkpoints;
        for (const level of SCOPE_LEVELS) {
          const scope = scopeOf(key, level);
          expect((await store.getLatestCheckpoint(run, scope))?.id).toBe(last?.id);
          expect((await store.getLatestCheckpoint(run, { ...scope, branchId: 'b1' }))?.id).toBe(branched?.id);
          expect(idsOf(await store.getLatestCheckpointPerBranch(run, scope))).toEqual([branched?.id, last?.id]);
        }
      }
      const adminLatest = await store.getLatestCheckpointPerBranch(run, { allTenants: true });
      expect(adminLatest.length).toBeGreaterThanOrEqual(2);
    });

    ctx.test('tenant-isolation.workflow-outcome-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      const get = getProbe(
        seeds,
        (s) => s.workflowOutcome.id,
        (id, scope) => store.getWorkflowOutcome(id, scope),
      );
      await expectIsolated('getWorkflowOutcome', seeds, get, outcomeAt);
      await expectIsolated(
        'queryWorkflowOutcomes',
        seeds,
        async (scope) =>
          idsOf(
            await store.queryWorkflowOutcomes({
              scope,
              projectId: FIXTURE_PROJECT,
              workflowId: 'wf-shared',
              topK: 100,
            }),
          ),
        outcomeAt,
      );
    });
  });
}
