import { describe, expect } from '@jest/globals';
import { ADMIN_ALL_TENANTS, MEMORY_TYPES, type MemoryType, type StorageBackend } from '@alma/types';
import { expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { FIXTURE_PROJECT } from '../fixtures.js';
import { SAMPLE_PATCHES } from './batch-and-updates.js';
import { scopeOf, seedTenants, TENANT_KEYS, type TenantKey, type TenantSeeds } from './tenant-seed.js';

const PAIRS: ReadonlyArray<[TenantKey, TenantKey]> = TENANT_KEYS.flatMap((actor) =>
  TENANT_KEYS.filter((owner) => owner !== actor).map((owner): [TenantKey, TenantKey] => [actor, owner]),
);

/** Every owner's memories still read back exactly as seeded (through an admin read). */
async function expectMemoriesIntact(
  store: StorageBackend,
  seeds: TenantSeeds,
  owners: readonly TenantKey[],
): Promise<void> {
  for (const owner of owners) {
    for (const type of MEMORY_TYPES) {
      expectSameRecord(
        await store.getMemory(type, seeds[owner].memories[type].id, ADMIN_ALL_TENANTS),
        seeds[owner].memories[type],
      );
    }
  }
}

/** Updates and deletes never reach another tenant's data. */
export function tenantIsolationWritesSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('tenant isolation: writes', () => {
    ctx.test('tenant-isolation.memory-writes', async (store) => {
      const seeds = await seedTenants(store, dim);
      for (const [actor, owner] of PAIRS) {
        for (const level of ['tenant', 'node'] as const) {
          const scope = scopeOf(actor, level);
          for (const type of MEMORY_TYPES) {
            const id = seeds[owner].memories[type].id;
            const label = { actor, owner, level, type };
            expect({
              ...label,
              updated: await store.updateMemory(type, id, SAMPLE_PATCHES[type] as never, scope),
            }).toEqual({
              ...label,
              updated: false,
            });
            expect({ ...label, deleted: await store.deleteMemory(type, id, scope) }).toEqual({
              ...label,
              deleted: false,
            });
          }
          expect(await store.incrementHeuristicOccurrence(seeds[owner].memories.heuristic.id, true, scope)).toBe(false);
        }
      }
      await expectMemoriesIntact(store, seeds, TENANT_KEYS);
      // Bulk deletes by B (then by tenant-less) remove only their own records, and their own artifact links.
      for (const type of MEMORY_TYPES) {
        expect(
          await store.deleteMemories(type as MemoryType, { scope: scopeOf('b', 'tenant'), projectId: FIXTURE_PROJECT }),
        ).toBe(1);
        expect(
          await store.deleteMemories(type as MemoryType, {
            scope: scopeOf('none', 'tenant'),
            projectId: FIXTURE_PROJECT,
          }),
        ).toBe(1);
        expect(await store.getMemory(type, seeds.b.memories[type].id, ADMIN_ALL_TENANTS)).toBeUndefined();
      }
      await expectMemoriesIntact(store, seeds, ['a']);
      expect(idsOf(await store.getArtifactLinks(seeds.a.memories.heuristic.id, scopeOf('a', 'tenant')))).toEqual([
        seeds.a.artifact.id,
      ]);
      expect(await store.getArtifactLinks(seeds.b.memories.heuristic.id, ADMIN_ALL_TENANTS)).toEqual([]);
    });

    ctx.test('tenant-isolation.record-writes', async (store) => {
      const seeds = await seedTenants(store, dim);
      const run = 'run-shared';
      for (const [actor, owner] of PAIRS) {
        const scope = scopeOf(actor, 'tenant');
        const o = seeds[owner];
        const label = { actor, owner };
        const results = {
          ...label,
          outcome: await store.deleteWorkflowOutcome(o.workflowOutcome.id, scope),
          artifact: await store.deleteArtifactLink(o.artifact.id, scope),
          sessionUpdate: await store.updateSessionHandoff(o.session.id, { currentGoal: 'hijacked' }, scope),
          workItemUpdate: await store.updateWorkItem(o.workItem.id, { title: 'hijacked' }, scope),
          workItemDelete: await store.deleteWorkItem(o.workItem.id, scope),
          entity: await store.deleteEntity(o.entities[0].id, scope),
          relationship: await store.deleteRelationship(o.relationship.id, scope),
        };
        expect(results).toEqual({
          ...label,
          outcome: false,
          artifact: false,
          sessionUpdate: false,
          workItemUpdate: false,
          workItemDelete: false,
          entity: false,
          relationship: false,
        });
      }
      // Run-wide and bulk deletes by B / tenant-less touch only their own records.
      expect(await store.deleteCheckpoints(run, scopeOf('b', 'tenant'))).toBe(3);
      expect(await store.deleteCheckpointsOlderThan(new Date(Date.now() + 86_400_000), scopeOf('none', 'tenant'))).toBe(
        3,
      );
      expect(await store.deleteSessionHandoffs({ scope: scopeOf('b', 'tenant'), projectId: FIXTURE_PROJECT })).toBe(1);
      expect(await store.deleteEntity(seeds.b.entities[0].id, scopeOf('b', 'tenant'))).toBe(true);
      const a = seeds.a;
      const asA = scopeOf('a', 'tenant');
      expectSameRecordList(await store.listCheckpoints(run, asA), a.checkpoints);
      expectSameRecord(await store.getWorkflowOutcome(a.workflowOutcome.id, asA), a.workflowOutcome);
      expectSameRecordList(await store.getArtifactLinks(a.memories.heuristic.id, asA), [a.artifact]);
      expectSameRecordList(await store.listSessionHandoffs({ scope: asA, projectId: FIXTURE_PROJECT }), [a.session]);
      expectSameRecord(await store.getWorkItem(a.workItem.id, asA), a.workItem);
      expectSameRecord(await store.getEntity(a.entities[0].id, asA), a.entities[0]);
      expectSameRecordList(await store.queryRelationships({ scope: asA, projectId: FIXTURE_PROJECT }), [
        a.relationship,
      ]);
      expect(await store.queryRelationships({ scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT })).toHaveLength(2);
    });
  });
}

function expectSameRecordList(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((record, i) => expectSameRecord(actual[i], record));
}
