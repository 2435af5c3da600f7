import { describe, expect } from '@jest/globals';
import { ADMIN_ALL_TENANTS, MEMORY_TYPES } from '@alma/types';
import type { SuiteContext } from '../context.js';
import {
  FIXTURE_PROJECT,
  makeCheckpoint,
  makeEntity,
  makeHeuristic,
  makeRelationship,
  makeSessionHandoff,
  makeWorkflowOutcome,
  makeWorkItem,
} from '../fixtures.js';

/** Capabilities, fresh-store isolation and close(). */
export function lifecycleSuite(ctx: SuiteContext): void {
  describe('lifecycle', () => {
    ctx.test('lifecycle.capabilities', async (store) => {
      const caps = store.capabilities;
      expect(typeof caps.name).toBe('string');
      expect(caps.name.length).toBeGreaterThan(0);
      expect(['native', 'in-process']).toContain(caps.vectorSearch);
      expect(typeof caps.transactions).toBe('boolean');
      expect(typeof caps.multiProcess).toBe('boolean');
      if (caps.maxRecordBytes !== undefined) expect(caps.maxRecordBytes).toBeGreaterThan(0);
    });

    ctx.test('lifecycle.fresh-store-is-empty', async (first, env) => {
      await first.saveMemory('heuristic', makeHeuristic());
      await first.saveWorkflowOutcome(makeWorkflowOutcome());
      await first.saveCheckpoint(makeCheckpoint());
      await first.saveSessionHandoff(makeSessionHandoff());
      await first.saveWorkItem(makeWorkItem());
      const entity = makeEntity();
      await first.saveEntity(entity);
      await first.saveRelationship(makeRelationship(entity.id, entity.id));
      // A second store from createStorage must not see what the first one holds.
      const store = await env.openStore();
      for (const type of MEMORY_TYPES) {
        expect(await store.queryMemories(type, { scope: ADMIN_ALL_TENANTS, topK: 1000 })).toEqual([]);
      }
      const stats = await store.getStats({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT });
      expect(stats.totalMemories).toBe(0);
      expect(stats.workflowOutcomes).toBe(0);
      expect(await store.listCheckpoints('run-conformance', ADMIN_ALL_TENANTS)).toEqual([]);
      expect(await store.queryWorkflowOutcomes({ scope: ADMIN_ALL_TENANTS })).toEqual([]);
      expect(await store.listSessionHandoffs({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT })).toEqual([]);
      expect(await store.listWorkItems({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT })).toEqual([]);
      expect(await store.queryEntities({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT })).toEqual([]);
      expect(await store.queryRelationships({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT })).toEqual([]);
    });

    ctx.test('lifecycle.close-idempotent', async (store) => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
