import { describe, expect } from '@jest/globals';
import { ADMIN_ALL_TENANTS, MEMORY_TYPES, type ScopeFilter } from '@alma/types';
import { idsOf, sortIds } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_AGENT, FIXTURE_PROJECT, unitVector } from '../fixtures.js';
import { SAMPLE_PATCHES } from './batch-and-updates.js';
import { allOf } from './memories.js';
import { expectIsolated, getProbe, seedTenants, TENANT_KEYS, type TenantSeed } from './tenant-seed.js';

/**
 * Artifact, session, work item and graph reads never cross tenants; these records match only the tenant part of a
 * filter (`tenantScope`), so every level sees exactly the owner's records. allTenants sees everything.
 */
export function tenantIsolationRecordsSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('tenant isolation: record reads', () => {
    ctx.test('tenant-isolation.artifact-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      const probe = async (scope: ScopeFilter) => {
        const found: string[] = [];
        for (const key of TENANT_KEYS)
          found.push(...idsOf(await store.getArtifactLinks(seeds[key].memories.heuristic.id, scope)));
        return found;
      };
      await expectIsolated('getArtifactLinks', seeds, probe, (s) => [s.artifact.id]);
    });

    ctx.test('tenant-isolation.session-and-progress-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      const sessions = async (scope: ScopeFilter) =>
        idsOf(await store.listSessionHandoffs({ scope, projectId: FIXTURE_PROJECT, agent: FIXTURE_AGENT }));
      await expectIsolated('listSessionHandoffs', seeds, sessions, (s) => [s.session.id]);
      const get = getProbe(
        seeds,
        (s) => s.workItem.id,
        (id, scope) => store.getWorkItem(id, scope),
      );
      await expectIsolated('getWorkItem', seeds, get, (s) => [s.workItem.id]);
      const list = async (scope: ScopeFilter) =>
        idsOf(await store.listWorkItems({ scope, projectId: FIXTURE_PROJECT, status: 'in_progress' }));
      await expectIsolated('listWorkItems', seeds, list, (s) => [s.workItem.id]);
    });

    ctx.test('tenant-isolation.graph-reads', async (store) => {
      const seeds = await seedTenants(store, dim);
      const entityIds = (s: TenantSeed) => idsOf(s.entities);
      const get = async (scope: ScopeFilter) => {
        const found: string[] = [];
        for (const key of TENANT_KEYS) {
          for (const e of seeds[key].entities) if (await store.getEntity(e.id, scope)) found.push(e.id);
        }
        return found;
      };
      await expectIsolated('getEntity', seeds, get, entityIds);
      const query = async (scope: ScopeFilter) =>
        idsOf(await store.queryEntities({ scope, projectId: FIXTURE_PROJECT }));
      await expectIsolated('queryEntities', seeds, query, entityIds);
      const byName = async (scope: ScopeFilter) =>
        idsOf(await store.queryEntities({ scope, projectId: FIXTURE_PROJECT, name: 'billing service' }));
      await expectIsolated('queryEntities by name', seeds, byName, (s) => [s.entities[0].id]);
      const everyEntity = TENANT_KEYS.flatMap((k) => entityIds(seeds[k]));
      const rels = async (scope: ScopeFilter) =>
        idsOf(await store.queryRelationships({ scope, projectId: FIXTURE_PROJECT, entityIds: everyEntity }));
      await expectIsolated('queryRelationships', seeds, rels, (s) => [s.relationship.id]);
      const relsAsOf = async (scope: ScopeFilter) =>
        idsOf(await store.queryRelationships({ scope, projectId: FIXTURE_PROJECT, asOf: at(0) }));
      await expectIsolated('queryRelationships asOf', seeds, relsAsOf, (s) => [s.relationship.id]);
    });

    ctx.test('tenant-isolation.all-tenants-admin', async (store) => {
      const seeds = await seedTenants(store, dim);
      const every = <T>(pick: (s: TenantSeed) => T[]) => TENANT_KEYS.flatMap((k) => pick(seeds[k]));
      const sorted = (items: { id: string }[]) => sortIds(idsOf(items));
      for (const type of MEMORY_TYPES) {
        const seen = await store.queryMemories(type, allOf(type, { scope: ADMIN_ALL_TENANTS }));
        expect(sortIds(idsOf(seen))).toEqual(sorted(every((s) => [s.memories[type]])));
      }
      const vec = await store.queryMemories(
        'heuristic',
        allOf('heuristic', { scope: ADMIN_ALL_TENANTS, embedding: unitVector(dim, 0) }),
      );
      expect(sortIds(idsOf(vec))).toEqual(sorted(every((s) => [s.memories.heuristic])));
      expect(sortIds(idsOf(await store.listCheckpoints('run-shared', ADMIN_ALL_TENANTS)))).toEqual(
        sorted(every((s) => s.checkpoints)),
      );
      const outcomes = await store.queryWorkflowOutcomes({ scope: ADMIN_ALL_TENANTS, topK: 100 });
      expect(sortIds(idsOf(outcomes))).toEqual(sorted(every((s) => [s.workflowOutcome])));
      const sessions = await store.listSessionHandoffs({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT });
      expect(sortIds(idsOf(sessions))).toEqual(sorted(every((s) => [s.session])));
      const items = await store.listWorkItems({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT });
      expect(sortIds(idsOf(items))).toEqual(sorted(every((s) => [s.workItem])));
      const entities = await store.queryEntities({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT });
      expect(sortIds(idsOf(entities))).toEqual(sorted(every((s) => s.entities)));
      const rels = await store.queryRelationships({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT });
      expect(sortIds(idsOf(rels))).toEqual(sorted(every((s) => [s.relationship])));
      const a = seeds.a.memories.heuristic;
      expect(await store.updateMemory('heuristic', a.id, SAMPLE_PATCHES.heuristic, ADMIN_ALL_TENANTS)).toBe(true);
      expect((await store.getMemory('heuristic', a.id, { tenantId: 'tenant-a' }))?.strategy).toBe(
        SAMPLE_PATCHES.heuristic.strategy,
      );
      expect(await store.deleteWorkItem(seeds.b.workItem.id, ADMIN_ALL_TENANTS)).toBe(true);
    });
  });
}
