import { describe, expect, it, jest } from '@jest/globals';
import { NotFoundError, SINGLE_TENANT, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { BASE, daysAgo } from '../test-support/records.js';
import { overlaps } from './overlaps.js';

const inDays = (d: number): Date => new Date(BASE.getTime() + d * 86_400_000);

async function world() {
  const env = makeAlma();
  const g = env.alma.graph;
  const e = async (name: string, entityType = 'person') => (await g.addEntity({ name, entityType })).entity;
  const [a, b, c, d, x, y, z] = [await e('Alice'), await e('Bob'), await e('Carol'), await e('Dan'), await e('Acme', 'company'), await e('Berlin', 'city'), await e('Zed', 'tool')];
  const r = async (s: string, t: string, relationType: string, extra: { validFrom?: Date; validTo?: Date } = {}) =>
    (await g.addRelationship({ sourceId: s, targetId: t, relationType, ...extra })).relationship;
  const rel = {
    ab: await r(a.id, b.id, 'knows'),
    bc: await r(b.id, c.id, 'knows'),
    cd: await r(c.id, d.id, 'knows'),
    ax: await r(a.id, x.id, 'works_at', { validFrom: daysAgo(100), validTo: daysAgo(10) }),
    xy: await r(x.id, y.id, 'located_in'),
    bz: await r(b.id, z.id, 'uses', { validFrom: inDays(10) }),
  };
  return { ...env, g, a, b, c, d, x, y, z, rel };
}

const names = (n: { entities: ReadonlyArray<{ entity: { name: string }; depth: number }> }): string[] =>
  n.entities.map((e) => `${e.entity.name}@${e.depth}`).sort();

describe('GraphMemory', () => {
  it('walks neighbours to N hops, excluding edges not valid at asOf (default now)', async () => {
    const { g, a, c, rel } = await world();
    expect(names(await g.neighbours(a.id))).toEqual(['Bob@1']);
    expect(names(await g.neighbours(a.id, { hops: 2 }))).toEqual(['Bob@1', 'Carol@2']);
    const three = await g.neighbours(a.id, { hops: 3 });
    expect(names(three)).toEqual(['Bob@1', 'Carol@2', 'Dan@3']);
    expect(three.relationships.map((r) => r.id).sort()).toEqual([rel.ab.id, rel.bc.id, rel.cd.id].sort());
    expect(three).toMatchObject({ root: { name: 'Alice' }, truncated: false });
    // 50 days ago Alice worked at Acme (in Berlin); Zed was not in use yet.
    expect(names(await g.neighbours(a.id, { hops: 2, asOf: daysAgo(50) }))).toEqual(['Acme@1', 'Berlin@2', 'Bob@1', 'Carol@2']);
    expect(names(await g.neighbours(a.id, { hops: 2, asOf: inDays(20) }))).toEqual(['Bob@1', 'Carol@2', 'Zed@2']);
    expect(names(await g.neighbours(a.id, { hops: 2, includeInvalid: true }))).toEqual(['Acme@1', 'Berlin@2', 'Bob@1', 'Carol@2', 'Zed@2']);
    expect(names(await g.neighbours(a.id, { hops: 3, includeInvalid: true, relationTypes: ['knows'] }))).toEqual(['Bob@1', 'Carol@2', 'Dan@3']);
    expect(names(await g.neighbours(a.id, { hops: 3, includeInvalid: true, relationTypes: ['knows', 'located_in'] }))).toEqual(['Bob@1', 'Carol@2', 'Dan@3']);
    expect(names(await g.neighbours(c.id, { direction: 'out' }))).toEqual(['Dan@1']);
    expect(names(await g.neighbours(c.id, { direction: 'in' }))).toEqual(['Bob@1']);
    const capped = await g.neighbours(a.id, { hops: 3, maxEntities: 3 });
    expect(capped.truncated).toBe(true);
    expect(names(capped)).toEqual(['Bob@1', 'Carol@2']);
  });

  it("answers through the store's traverseGraph, or walkGraph on a store without it", async () => {
    const { g, storage, a, clock } = await world();
    const spy = jest.spyOn(storage, 'traverseGraph');
    const native = await g.neighbours(a.id, { hops: 2, relationTypes: ['knows'] });
    expect(spy).toHaveBeenCalledWith({
      scope: {}, projectId: 'shop', rootId: a.id, hops: 2, direction: 'both', maxEntities: 1000, relationTypes: ['knows'], asOf: clock.now,
    });
    await g.neighbours(a.id, { includeInvalid: true });
    expect(spy.mock.calls[1]?.[0]).not.toHaveProperty('asOf');
    Object.defineProperty(storage, 'traverseGraph', { value: undefined });
    expect(await g.neighbours(a.id, { hops: 2, relationTypes: ['knows'] })).toEqual(native);
    await expect(g.neighbours('ent_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('invalidates a relationship instead of deleting it, so older as-of views keep it', async () => {
    const { g, a, rel, clock } = await world();
    const before = clock.now;
    clock.now = new Date(before.getTime() + 1000);
    const ended = await g.invalidateRelationship(rel.ab.id);
    expect(ended).toMatchObject({ id: rel.ab.id, validTo: clock.now });
    expect(await g.invalidateRelationship(rel.ab.id, inDays(5))).toEqual(ended);
    expect(names(await g.neighbours(a.id))).toEqual([]);
    expect(names(await g.neighbours(a.id, { asOf: before }))).toEqual(['Bob@1']);
    expect((await g.getRelationships({ entityId: a.id })).map((r) => r.id).sort()).toEqual([rel.ab.id, rel.ax.id].sort());
    expect(await g.getRelationships({ entityId: a.id, asOf: clock.now })).toEqual([]);
    await expect(g.invalidateRelationship(rel.bz.id, { at: inDays(1) })).rejects.toThrow(/validFrom/);
    await expect(g.invalidateRelationship('rel_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deduplicates entities by case-insensitive name + type, and repeated relationships', async () => {
    const { g, a, b } = await world();
    const again = await g.addEntity({ name: 'ALICE', entityType: 'person', properties: { x: 1 } });
    expect(again).toEqual({ entity: a, created: false });
    expect((await g.addEntity({ name: 'Alice', entityType: 'company' })).created).toBe(true);
    expect((await g.findEntities({ name: 'alice' })).length).toBe(2);
    expect((await g.findEntities({ entityType: 'person' })).map((e) => e.name).sort()).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
    expect(await g.getEntity(b.id)).toEqual(b);
    const dup = await g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'knows', validFrom: daysAgo(1) });
    expect(dup.created).toBe(false);
    await g.invalidateRelationship(dup.relationship.id);
    expect((await g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'knows', validFrom: daysAgo(30), validTo: daysAgo(20) })).created).toBe(false);
    const later = await g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'knows', validFrom: inDays(1), properties: { since: 'tomorrow' } });
    expect(later.created).toBe(true);
    expect(later.relationship).toMatchObject({ confidence: 1, properties: { since: 'tomorrow' }, validFrom: inDays(1) });
  });

  it('cascades an entity delete to its relationships', async () => {
    const { g, storage, a, b, rel } = await world();
    expect(await g.deleteEntity(b.id)).toBe(true);
    expect(await g.deleteEntity(b.id)).toBe(false);
    const left = await storage.queryRelationships({ scope: SINGLE_TENANT, projectId: 'shop' });
    expect(left.map((r) => r.id).sort()).toEqual([rel.cd.id, rel.ax.id, rel.xy.id].sort());
    expect(names(await g.neighbours(a.id, { hops: 3 }))).toEqual([]);
    expect(await g.deleteRelationship(rel.cd.id)).toBe(true);
    expect(await g.getRelationships({ relationType: 'knows' })).toEqual([]);
  });

  it('isolates tenants', async () => {
    const { alma } = makeAlma();
    const g = alma.graph;
    const t1 = { tenantId: 't1' };
    const t2 = { tenantId: 't2' };
    const p = (await g.addEntity({ name: 'Pat', entityType: 'person', context: t1 })).entity;
    const q = (await g.addEntity({ name: 'Quinn', entityType: 'person', context: t1 })).entity;
    const other = (await g.addEntity({ name: 'Pat', entityType: 'person', context: t2 }));
    expect(other.created).toBe(true);
    expect(p.tenantId).toBe('t1');
    await g.addRelationship({ sourceId: p.id, targetId: q.id, relationType: 'knows', context: t1 });
    expect(await g.getEntity(p.id, { context: t2 })).toBeUndefined();
    expect(await g.getEntity(p.id)).toBeUndefined();
    await expect(g.neighbours(p.id, { context: t2 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(g.addRelationship({ sourceId: other.entity.id, targetId: q.id, relationType: 'knows', context: t2 })).rejects.toThrow(/targetId/);
    expect(names(await g.neighbours(p.id, { context: t1 }))).toEqual(['Quinn@1']);
    expect(await g.getRelationships({ context: t2 })).toEqual([]);
    expect(await g.deleteEntity(p.id, { context: t2 })).toBe(false);
  });

  it('rejects bad input naming the field, writing nothing', async () => {
    const { alma, storage } = makeAlma();
    const g = alma.graph;
    await expect(g.addEntity({ name: ' ', entityType: 'person' })).rejects.toThrow(/name/);
    await expect(g.addEntity({ name: 'x', entityType: '' })).rejects.toThrow(/entityType/);
    expect(await storage.queryEntities({ scope: SINGLE_TENANT, projectId: 'shop' })).toEqual([]);
    const a = (await g.addEntity({ name: 'A', entityType: 't' })).entity;
    const b = (await g.addEntity({ name: 'B', entityType: 't' })).entity;
    await expect(g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'r', validFrom: inDays(2), validTo: inDays(1) })).rejects.toThrow(/validTo/);
    await expect(g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: '' })).rejects.toThrow(/relationType/);
    await expect(g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'r', confidence: 2 })).rejects.toThrow(/confidence/);
    await expect(g.addRelationship({ sourceId: a.id, targetId: b.id, relationType: 'r', validFrom: 'not a date' })).rejects.toThrow(/validFrom/);
    await expect(g.addRelationship({ sourceId: 'ent_missing', targetId: b.id, relationType: 'r' })).rejects.toThrow(/sourceId/);
    expect(await storage.queryRelationships({ scope: SINGLE_TENANT, projectId: 'shop' })).toEqual([]);
    await expect(g.neighbours(a.id, { hops: 0 })).rejects.toThrow(/hops/);
    await expect(g.neighbours(a.id, { hops: 11 })).rejects.toBeInstanceOf(ValidationError);
    await expect(g.neighbours(a.id, { direction: 'sideways' as never })).rejects.toThrow(/direction/);
    await expect(g.neighbours('')).rejects.toThrow(/entity id/);
    await expect(g.neighbours('ent_missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(g.getRelationships({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(g.findEntities({ limit: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(g.invalidateRelationship('x', { at: 'nope' })).rejects.toThrow(/at/);
    await expect(g.deleteEntity('', {})).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('graph validity intervals', () => {
  it('overlaps treats open ends as unbounded and validTo as exclusive', () => {
    expect(overlaps({}, {})).toBe(true);
    expect(overlaps({ validTo: inDays(1) }, { validFrom: inDays(1) })).toBe(false);
    expect(overlaps({ validFrom: inDays(0), validTo: inDays(2) }, { validFrom: inDays(1) })).toBe(true);
  });
});
