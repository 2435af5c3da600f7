import { describe, expect, it } from '@jest/globals';
import { ValidationError } from './errors.js';
import { isValidAt, type Entity, type Relationship } from './graph.js';
import { walkGraph, type GraphWalkStore } from './graph-walk.js';
import { matchesScope, tenantScope } from './scope-fields.js';
import { MAX_QUERY_TOP_K, type GraphTraversalQuery, type RelationshipQuery } from './storage.js';

const T = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
const P = 'proj';

/** A minimal store over arrays with the contract's queryRelationships semantics, counting calls. */
function arrayStore(entities: Entity[], relationships: Relationship[]) {
  const calls = { getEntity: 0, queryRelationships: 0 };
  const store: GraphWalkStore = {
    async getEntity(id, scope) {
      calls.getEntity++;
      return entities.find((e) => e.id === id && matchesScope(e, tenantScope(scope)));
    },
    async queryRelationships(q: RelationshipQuery) {
      calls.queryRelationships++;
      const ids = new Set(q.entityIds);
      const d = q.direction ?? 'both';
      return relationships
        .filter((r) => matchesScope(r, tenantScope(q.scope)) && r.projectId === q.projectId)
        .filter((r) => !q.entityIds || (d !== 'in' && ids.has(r.sourceId)) || (d !== 'out' && ids.has(r.targetId)))
        .filter((r) => (q.relationType === undefined || r.relationType === q.relationType) && (!q.asOf || isValidAt(r, q.asOf)))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, q.limit ?? 1000);
    },
  };
  return { store, calls };
}

const ent = (id: string, extra: Partial<Entity> = {}): Entity => ({ id, projectId: P, name: id, entityType: 't', properties: {}, createdAt: T(0), ...extra });
let n = 0;
const rel = (sourceId: string, targetId: string, extra: Partial<Relationship> = {}): Relationship => ({
  id: `r${String(++n).padStart(3, '0')}`, projectId: P, sourceId, targetId, relationType: 'knows', properties: {}, confidence: 1, createdAt: T(n), ...extra,
});

/*
 *   a → b → c → a (cycle)   c → d → e      x → a      b -uses→ f      a → ghost (no entity)      ghost → h
 *   a → g valid only from T(100); g → h expired at T(50)
 */
function world() {
  n = 0;
  const r = {
    ab: rel('a', 'b'), bc: rel('b', 'c'), ca: rel('c', 'a'), cd: rel('c', 'd'), de: rel('d', 'e'), xa: rel('x', 'a'),
    bf: rel('b', 'f', { relationType: 'uses' }), aghost: rel('a', 'ghost'), ghosth: rel('ghost', 'h'),
    ag: rel('a', 'g', { validFrom: T(100) }), gh: rel('g', 'h', { validTo: T(50) }),
  };
  const entities = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'x'].map((id) => ent(id));
  return { r, ...arrayStore(entities, Object.values(r)) };
}

const q = (extra: Partial<GraphTraversalQuery> = {}): GraphTraversalQuery => ({
  scope: {}, projectId: P, rootId: 'a', hops: 1, direction: 'out', maxEntities: 100, ...extra,
});
const depths = (t: { entities: ReadonlyArray<{ entity: Entity; depth: number }> } | undefined) => t?.entities.map((e) => `${e.entity.id}@${e.depth}`);
const relIds = (t: { relationships: readonly Relationship[] } | undefined) => t?.relationships.map((x) => x.id);

describe('walkGraph', () => {
  it('finds each entity at its shortest depth, ordered by (depth, id), and stops at hops', async () => {
    const { store, r } = world();
    const one = await walkGraph(store, q({ asOf: T(10) }));
    expect(depths(one)).toEqual(['b@1']);
    expect(relIds(one)).toEqual([r.ab.id]);
    const three = await walkGraph(store, q({ hops: 3, asOf: T(10) }));
    expect(depths(three)).toEqual(['b@1', 'c@2', 'f@2', 'd@3']);
    // c → a closes the cycle back to the root; d → e leaves the last depth and is not walked.
    expect(relIds(three)).toEqual([r.ab.id, r.bc.id, r.ca.id, r.cd.id, r.bf.id]);
    expect(three?.truncated).toBe(false);
  });

  it('follows edges backwards for in and both ways for both', async () => {
    const { store, r } = world();
    expect(depths(await walkGraph(store, q({ direction: 'in', hops: 2, asOf: T(10) })))).toEqual(['c@1', 'x@1', 'b@2']);
    const both = await walkGraph(store, q({ direction: 'both', asOf: T(10) }));
    expect(depths(both)).toEqual(['b@1', 'c@1', 'x@1']);
    // b → c joins two entities of depth 1 = hops: only edges at the root count.
    expect(relIds(both)).toEqual([r.ab.id, r.ca.id, r.xa.id]);
    expect(relIds(await walkGraph(store, q({ direction: 'both', hops: 2, asOf: T(10), relationTypes: ['knows'] })))).toEqual([
      r.ab.id, r.bc.id, r.ca.id, r.cd.id, r.xa.id,
    ]);
  });

  it('walks only edges valid at asOf, or every edge without it', async () => {
    const { store, r } = world();
    expect(depths(await walkGraph(store, q({ hops: 2, asOf: T(200), relationTypes: ['knows'] })))).toEqual(['b@1', 'g@1', 'c@2']);
    expect(depths(await walkGraph(store, q({ hops: 2, asOf: T(20), relationTypes: ['knows'] })))).toEqual(['b@1', 'c@2']);
    const all = await walkGraph(store, q({ hops: 2 }));
    expect(depths(all)).toEqual(['b@1', 'g@1', 'c@2', 'f@2', 'h@2']);
    expect(relIds(all)).toContain(r.gh.id);
  });

  it('filters relation types; an empty list matches no edge', async () => {
    const { store, calls } = world();
    expect(depths(await walkGraph(store, q({ hops: 2, relationTypes: ['uses'] })))).toEqual([]);
    expect(depths(await walkGraph(store, q({ hops: 2, relationTypes: ['uses', 'knows'], asOf: T(10) })))).toEqual(['b@1', 'c@2', 'f@2']);
    const before = calls.queryRelationships;
    expect(await walkGraph(store, q({ hops: 3, relationTypes: [] }))).toMatchObject({ root: { id: 'a' }, entities: [], relationships: [], truncated: false });
    expect(calls.queryRelationships).toBe(before);
  });

  it('never walks through an id without a visible entity', async () => {
    const { store } = world();
    // ghost → h would put h at depth 2; h is only reachable through the invisible ghost here.
    const t = await walkGraph(store, q({ hops: 2, asOf: T(10) }));
    expect(depths(t)?.some((d) => d.startsWith('ghost') || d.startsWith('h'))).toBe(false);
  });

  it('keeps the first maxEntities - 1 by (depth, id) and reports truncation, with the edges among kept ones', async () => {
    const { store, r } = world();
    const capped = await walkGraph(store, q({ hops: 3, asOf: T(10), maxEntities: 3 }));
    expect(depths(capped)).toEqual(['b@1', 'c@2']);
    expect(capped?.truncated).toBe(true);
    // c's edge back to the root is returned although c's depth was never walked from.
    expect(relIds(capped)).toEqual([r.ab.id, r.bc.id, r.ca.id]);
    const exact = await walkGraph(store, q({ hops: 3, asOf: T(10), maxEntities: 5 }));
    expect(exact?.truncated).toBe(false);
    expect((await walkGraph(store, q({ hops: 3, asOf: T(10), maxEntities: 4 })))?.truncated).toBe(true);
    expect(await walkGraph(store, q({ maxEntities: 1, asOf: T(10) }))).toEqual({ root: ent('a'), entities: [], relationships: [], truncated: true });
  });

  it('answers undefined for a root outside the tenant or project, and isolates tenants', async () => {
    n = 100;
    const { store } = arrayStore(
      [ent('a', { tenantId: 't1' }), ent('b', { tenantId: 't1' }), ent('c', { tenantId: 't2' }), ent('o', { tenantId: 't1', projectId: 'other' })],
      [rel('a', 'b', { tenantId: 't1' }), rel('b', 'c', { tenantId: 't2' }), rel('b', 'c', { tenantId: 't1' }), rel('a', 'o', { tenantId: 't1' })],
    );
    expect(depths(await walkGraph(store, q({ scope: { tenantId: 't1' }, hops: 3 })))).toEqual(['b@1']);
    expect(await walkGraph(store, q({ scope: { tenantId: 't2' } }))).toBeUndefined();
    expect(await walkGraph(store, q({ scope: { tenantId: 't1' }, rootId: 'o' }))).toBeUndefined();
    expect(await walkGraph(store, q({ rootId: 'missing' }))).toBeUndefined();
  });

  it('rejects a bad query with ValidationError naming the field', async () => {
    const { store } = world();
    for (const [bad, field] of [
      [{ hops: 0 }, 'hops'], [{ hops: 11 }, 'hops'], [{ hops: 1.5 }, 'hops'], [{ rootId: '' }, 'rootId'], [{ maxEntities: 0 }, 'maxEntities'],
      [{ direction: 'sideways' }, 'direction'], [{ relationTypes: [''] }, 'relationTypes'], [{ asOf: 'never' }, 'asOf'], [{ projectId: undefined }, 'projectId'],
      [{ scope: { allTenants: true, tenantId: 't' } }, 'scope'],
    ] as const) {
      const error = await walkGraph(store, q(bad as never)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(String((error as Error).message)).toMatch(field);
    }
  });

  it('reads wide frontiers in batches and splits a batch whose answer may have been cut at MAX_QUERY_TOP_K', async () => {
    n = 0;
    const leaves = Array.from({ length: 1200 }, (_, i) => `l${String(i).padStart(4, '0')}`);
    const base = arrayStore([ent('a'), ...leaves.map((id) => ent(id)), ent('z')], [...leaves.map((id) => rel('a', id)), rel('l1199', 'z')]);
    const full: Relationship[] = new Array<Relationship>(MAX_QUERY_TOP_K).fill(rel('l0000', 'nowhere'));
    const store: GraphWalkStore = {
      getEntity: base.store.getEntity,
      // Pretend any multi-id question overflowed: the walk must ask again id by id (halving) and lose nothing.
      queryRelationships: async (query) => ((query.entityIds?.length ?? 0) > 1 ? full : base.store.queryRelationships(query)),
    };
    const t = await walkGraph(store, q({ hops: 2, maxEntities: 5000 }));
    expect(t?.entities).toHaveLength(1201);
    expect(t?.entities.at(-1)).toMatchObject({ entity: { id: 'z' }, depth: 2 });
    expect(t?.relationships).toHaveLength(1201);
    const counted = arrayStore([ent('a'), ...leaves.map((id) => ent(id))], leaves.map((id) => rel('a', id)));
    await walkGraph(counted.store, q({ hops: 2, maxEntities: 5000 }));
    expect(counted.calls.queryRelationships).toBe(1 + 3);
    expect(counted.calls.getEntity).toBe(1 + 1200);
  });

  it('reports truncated when one entity alone has more matching edges than a store returns at once', async () => {
    n = 0;
    const hub = ent('hub');
    const spokes = Array.from({ length: MAX_QUERY_TOP_K }, (_, i) => rel('hub', `s${i}`));
    const full = arrayStore([hub, ent('s0'), ent('s1')], spokes);
    const cut = await walkGraph(full.store, q({ rootId: 'hub', maxEntities: 10 }));
    expect(cut?.truncated).toBe(true);
    const fewer = arrayStore([hub, ent('s0'), ent('s1')], spokes.slice(0, 10));
    const whole = await walkGraph(fewer.store, q({ rootId: 'hub', maxEntities: 10 }));
    expect(whole?.truncated).toBe(false);
    expect(depths(whole)).toEqual(['s0@1', 's1@1']);
  });
});
