import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type Entity, type EntityQuery, type RelationshipQuery, type StorageBackend } from '@alma/types';
import { expectSameRecord, idsOf, sortedIds, sortIds } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeEntity, makeRelationship } from '../fixtures.js';

const entities = (store: StorageBackend, extra: Partial<EntityQuery> = {}) =>
  store.queryEntities({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, ...extra }).then(idsOf);
const relationships = (store: StorageBackend, extra: Partial<RelationshipQuery> = {}) =>
  store.queryRelationships({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, ...extra }).then(idsOf);

async function threeEntities(store: StorageBackend): Promise<[Entity, Entity, Entity]> {
  const list: [Entity, Entity, Entity] = [
    makeEntity({ name: 'A', createdAt: at(0) }),
    makeEntity({ name: 'B', createdAt: at(1) }),
    makeEntity({ name: 'C', createdAt: at(2) }),
  ];
  for (const e of list) await store.saveEntity(e);
  return list;
}

/** Graph memory: entities, time-bounded relationships, cascading deletes. */
export function graphSuite(ctx: SuiteContext): void {
  describe('graph', () => {
    ctx.test('graph.entity-round-trip', async (store) => {
      const full = makeEntity({ tenantId: 'tenant-g' });
      expect(await store.saveEntity(full)).toBe(full.id);
      expectSameRecord(await store.getEntity(full.id, { tenantId: 'tenant-g' }), full);
      const { properties: _p, ...minimal } = makeEntity();
      await store.saveEntity(minimal as Entity);
      expectSameRecord(await store.getEntity(minimal.id, SINGLE_TENANT), { ...minimal, properties: {} });
      expect(await store.getEntity('ent_doesnotexist', SINGLE_TENANT)).toBeUndefined();
    });

    ctx.test('graph.query-entities', async (store) => {
      const e1 = makeEntity({ name: 'Billing Service', createdAt: at(0) });
      const e2 = makeEntity({ name: 'billing service', createdAt: at(1) });
      const e3 = makeEntity({ name: 'Billing', createdAt: at(2) });
      const e4 = makeEntity({ name: 'Ledger', entityType: 'database', createdAt: at(3) });
      const other = makeEntity({ projectId: 'proj-other', createdAt: at(-1) });
      for (const e of [e4, e3, other, e2, e1]) await store.saveEntity(e);
      expect(await entities(store)).toEqual([e1.id, e2.id, e3.id, e4.id]);
      expect(await entities(store, { name: 'BILLING SERVICE' })).toEqual([e1.id, e2.id]);
      expect(await entities(store, { name: 'billing' })).toEqual([e3.id]);
      expect(await entities(store, { entityType: 'database' })).toEqual([e4.id]);
      expect(await entities(store, { entityType: 'service', name: 'billing service' })).toEqual([e1.id, e2.id]);
      expect(await entities(store, { limit: 2 })).toEqual([e1.id, e2.id]);
      expect(await entities(store, { name: 'Billing%' })).toEqual([]);
    });

    ctx.test('graph.relationship-round-trip', async (store) => {
      const [a, b] = await threeEntities(store);
      const full = makeRelationship(a.id, b.id, { tenantId: 'tenant-g' });
      expect(await store.saveRelationship(full)).toBe(full.id);
      const [read] = await store.queryRelationships({ scope: { tenantId: 'tenant-g' }, projectId: FIXTURE_PROJECT });
      expectSameRecord(read, full);
      const r = makeRelationship(b.id, a.id);
      const minimal = {
        id: r.id,
        projectId: r.projectId,
        sourceId: r.sourceId,
        targetId: r.targetId,
        relationType: r.relationType,
        createdAt: r.createdAt,
      };
      await store.saveRelationship(minimal as never);
      const [readMinimal] = await store.queryRelationships({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT });
      expectSameRecord(readMinimal, { ...minimal, properties: {}, confidence: 1 });
    });

    ctx.test('graph.query-relationships', async (store) => {
      const [a, b, c] = await threeEntities(store);
      const r1 = makeRelationship(a.id, b.id, { relationType: 'depends_on', createdAt: at(0) });
      const r2 = makeRelationship(b.id, c.id, { relationType: 'calls', createdAt: at(1) });
      const r3 = makeRelationship(c.id, a.id, { relationType: 'depends_on', createdAt: at(2) });
      for (const r of [r3, r1, r2]) await store.saveRelationship(r);
      expect(await relationships(store)).toEqual([r1.id, r2.id, r3.id]);
      expect(await relationships(store, { entityIds: [a.id], direction: 'out' })).toEqual([r1.id]);
      expect(await relationships(store, { entityIds: [a.id], direction: 'in' })).toEqual([r3.id]);
      expect(await relationships(store, { entityIds: [a.id] })).toEqual([r1.id, r3.id]);
      expect(await relationships(store, { entityIds: [a.id, b.id], direction: 'out' })).toEqual([r1.id, r2.id]);
      expect(await relationships(store, { relationType: 'depends_on' })).toEqual([r1.id, r3.id]);
      expect(await relationships(store, { entityIds: [b.id], relationType: 'calls' })).toEqual([r2.id]);
      expect(await relationships(store, { limit: 2 })).toEqual([r1.id, r2.id]);
      expect(await relationships(store, { projectId: 'proj-other' })).toEqual([]);
    });

    ctx.test('graph.relationships-as-of', async (store) => {
      const [a, b] = await threeEntities(store);
      const bounded = makeRelationship(a.id, b.id, { validFrom: at(0), validTo: at(10), createdAt: at(0) });
      const endsOnly = makeRelationship(a.id, b.id, { validFrom: undefined, validTo: at(5), createdAt: at(1) });
      const startsOnly = makeRelationship(a.id, b.id, { validFrom: at(5), validTo: undefined, createdAt: at(2) });
      const always = makeRelationship(a.id, b.id, { validFrom: undefined, validTo: undefined, createdAt: at(3) });
      for (const r of [bounded, endsOnly, startsOnly, always]) await store.saveRelationship(r);
      const asOf = async (minutes: number) => sortIds(await relationships(store, { asOf: at(minutes) }));
      expect(await asOf(-1)).toEqual(sortIds([endsOnly.id, always.id]));
      expect(await asOf(0)).toEqual(sortIds([bounded.id, endsOnly.id, always.id]));
      expect(await asOf(5)).toEqual(sortIds([bounded.id, startsOnly.id, always.id]));
      expect(await asOf(10)).toEqual(sortIds([startsOnly.id, always.id]));
      expect(await relationships(store)).toHaveLength(4);
    });

    ctx.test('graph.delete-entity-cascades', async (store) => {
      const [a, b, c] = await threeEntities(store);
      const ab = makeRelationship(a.id, b.id);
      const bc = makeRelationship(b.id, c.id);
      const ca = makeRelationship(c.id, a.id);
      for (const r of [ab, bc, ca]) await store.saveRelationship(r);
      expect(await store.deleteEntity(a.id, SINGLE_TENANT)).toBe(true);
      expect(await store.getEntity(a.id, SINGLE_TENANT)).toBeUndefined();
      expect(await relationships(store)).toEqual([bc.id]);
      expect(await store.deleteRelationship(ab.id, SINGLE_TENANT)).toBe(false);
      expect(await store.deleteEntity(a.id, SINGLE_TENANT)).toBe(false);
      expect(sortedIds(await store.queryEntities({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT }))).toEqual(
        sortIds([b.id, c.id]),
      );
    });

    ctx.test('graph.delete-relationship', async (store) => {
      const [a, b] = await threeEntities(store);
      const keep = makeRelationship(a.id, b.id, { createdAt: at(0) });
      const drop = makeRelationship(b.id, a.id, { createdAt: at(1) });
      await store.saveRelationship(keep);
      await store.saveRelationship(drop);
      expect(await store.deleteRelationship(drop.id, SINGLE_TENANT)).toBe(true);
      expect(await store.deleteRelationship(drop.id, SINGLE_TENANT)).toBe(false);
      expect(await relationships(store)).toEqual([keep.id]);
      expect(await store.getEntity(a.id, SINGLE_TENANT)).toBeDefined();
    });
  });
}
