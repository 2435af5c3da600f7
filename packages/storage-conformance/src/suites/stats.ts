import { describe, expect } from '@jest/globals';
import { MEMORY_TYPES, SINGLE_TENANT, type MemoryType, type StorageStats } from '@alma/types';
import type { SuiteContext } from '../context.js';
import { FIXTURE_PROJECT, makeMemory, makeWorkflowOutcome } from '../fixtures.js';

const zeroCounts = (): Record<MemoryType, number> =>
  Object.fromEntries(MEMORY_TYPES.map((t) => [t, 0])) as Record<MemoryType, number>;

function expectConsistent(stats: StorageStats): void {
  const sum = MEMORY_TYPES.reduce((total, t) => total + stats.counts[t], 0);
  expect(stats.totalMemories).toBe(sum);
}

/** getStats: per-type counts, workflow outcomes, total, narrowed by project and agent. */
export function statsSuite(ctx: SuiteContext): void {
  describe('stats', () => {
    ctx.test('stats.empty', async (store) => {
      const stats = await store.getStats({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT });
      expect(stats.projectId).toBe(FIXTURE_PROJECT);
      expect(stats.counts).toEqual(zeroCounts());
      expect(stats.workflowOutcomes).toBe(0);
      expect(stats.totalMemories).toBe(0);
    });

    ctx.test('stats.counts', async (store) => {
      const wanted: Record<MemoryType, number> = {
        heuristic: 3,
        outcome: 2,
        user_preference: 1,
        domain_knowledge: 4,
        anti_pattern: 2,
      };
      for (const type of MEMORY_TYPES) {
        for (let i = 0; i < wanted[type]; i++) await store.saveMemory(type, makeMemory(type));
      }
      for (let i = 0; i < 2; i++) await store.saveWorkflowOutcome(makeWorkflowOutcome());
      const stats = await store.getStats({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT });
      expect(stats).toMatchObject({
        projectId: FIXTURE_PROJECT,
        counts: wanted,
        workflowOutcomes: 2,
        totalMemories: 12,
      });
      expect(stats.agent).toBeUndefined();
    });

    ctx.test('stats.agent-and-project', async (store) => {
      const agentTypes = MEMORY_TYPES.filter((t) => t !== 'user_preference');
      for (const type of agentTypes) {
        await store.saveMemory(type, makeMemory(type, { agent: 'agent-a' } as never));
        await store.saveMemory(type, makeMemory(type, { agent: 'agent-a' } as never));
        await store.saveMemory(type, makeMemory(type, { agent: 'agent-b' } as never));
        await store.saveMemory(type, makeMemory(type, { agent: 'agent-a', projectId: 'proj-other' } as never));
      }
      await store.saveMemory('user_preference', makeMemory('user_preference'));
      await store.saveMemory('user_preference', makeMemory('user_preference', { projectId: 'proj-other' }));
      await store.saveWorkflowOutcome(makeWorkflowOutcome({ agent: 'agent-a' }));
      await store.saveWorkflowOutcome(makeWorkflowOutcome({ agent: 'agent-b' }));
      await store.saveWorkflowOutcome(makeWorkflowOutcome({ agent: 'agent-a', projectId: 'proj-other' }));
      const project = await store.getStats({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT });
      expect(project.counts).toEqual({ ...Object.fromEntries(agentTypes.map((t) => [t, 3])), user_preference: 1 });
      expect(project.workflowOutcomes).toBe(2);
      expectConsistent(project);
      const agentA = await store.getStats({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, agent: 'agent-a' });
      expect(agentA.agent).toBe('agent-a');
      for (const type of agentTypes) expect({ type, count: agentA.counts[type] }).toEqual({ type, count: 2 });
      expect(agentA.workflowOutcomes).toBe(1);
      expectConsistent(agentA);
      const other = await store.getStats({ scope: SINGLE_TENANT, projectId: 'proj-other' });
      expect(other.projectId).toBe('proj-other');
      expect(other.counts).toEqual({ ...Object.fromEntries(agentTypes.map((t) => [t, 1])), user_preference: 1 });
      expect(other.workflowOutcomes).toBe(1);
      expectConsistent(other);
    });
  });
}
