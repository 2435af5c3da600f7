import { describe, expect } from '@jest/globals';
import {
  ADMIN_ALL_TENANTS,
  MAX_QUERY_TOP_K,
  walkGraph,
  type Entity,
  type GraphTraversal,
  type GraphTraversalQuery,
  type Relationship,
  type StorageBackend,
} from '@alma/types';
import { comparable, expectValidationError } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeEntity, makeRelationship, orderedIds } from '../fixtures.js';

/**
 * The store's `traverseGraph` when it has one, checked against the generic `walkGraph` over the same store (they
 * must agree exactly); the walk alone otherwise. The cases then pin the answer itself.
 */
async function traverse(store: StorageBackend, query: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
  const walked = await walkGraph(store, query);
  if (!store.traverseGraph) return walked;
  const native = await store.traverseGraph(query);
  expect(comparable(native)).toEqual(comparable(walked));
  return native;
}

/** Both ways must reject the query with ValidationError. */
async function expectRejected(store: StorageBackend, query: unknown): Promise<void> {
  await expectValidationError(() => walkGraph(store, query as GraphTraversalQuery));
  const native = store.traverseGraph?.bind(store);
  if (native) await expectValidationError(() => native(query as GraphTraversalQuery));
}

const NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'X'] as const;
type Name = (typeof NAMES)[number];

/**
 * The graph of most cases (ids in name order, every edge `knows` unless said otherwise; minute of creation in
 * brackets, so B → F is older than B → C):
 *
 *   A → B [1]   B -uses→ F [2]   B → C [3]   C → A [4] (cycle)   C → D [5]   D → E [6]   X → A [7]
 *   A → G [8] valid from minute 100      A → C [9] valid until minute 20
 *
 * Queried as of minute 50 unless a case says otherwise: A → G is not valid yet, A → C has expired.
 */
async function seedGraph(store: StorageBackend) {
  const ids = orderedIds('ent', NAMES.length);
  const node = Object.fromEntries(
    NAMES.map((name, i) => [name, makeEntity({ id: ids[i] as string, name, entityType: 'node', createdAt: at(i) })]),
  ) as Record<Name, Entity>;
  // Saved in reverse, so neither insertion order nor creation time can stand in for id order.
  for (const name of [...NAMES].reverse()) await store.saveEntity(node[name]);
  const edge = (s: Name, t: Name, minute: number, extra: Partial<Relationship> = {}) =>
    makeRelationship(node[s].id, node[t].id, {
      relationType: 'knows', validFrom: undefined, validTo: undefined, createdAt: at(minute), ...extra,
    });
  const edges = {
    ab: edge('A', 'B', 1), bf: edge('B', 'F', 2, { relationType: 'uses' }), bc: edge('B', 'C', 3), ca: edge('C', 'A', 4),
    cd: edge('C', 'D', 5), de: edge('D', 'E', 6), xa: edge('X', 'A', 7), ag: edge('A', 'G', 8, { validFrom: at(100) }),
    ac: edge('A', 'C', 9, { validTo: at(20) }),
  };
  for (const r of Object.values(edges).reverse()) await store.saveRelationship(r);
  const nameOf = new Map<string, string>([
    ...NAMES.map((n) => [node[n].id, n] as const),
    ...Object.entries(edges).map(([n, r]) => [r.id, n] as const),
  ]);
  /** The answer by names: entities as `name@depth`, relationships by their key above. */
  const walk = async (extra: Partial<GraphTraversalQuery>) => {
    const t = await traverse(store, {
      scope: {}, projectId: FIXTURE_PROJECT, rootId: node.A.id, hops: 1, direction: 'out', asOf: at(50), maxEntities: 100,
      ...extra,
    });
    return t && {
      entities: t.entities.map((e) => `${nameOf.get(e.entity.id)}@${e.depth}`),
      relationships: t.relationships.map((r) => nameOf.get(r.id)),
      truncated: t.truncated,
    };
  };
  return { node, edges, walk };
}

const answer = (entities: string[], relationships: string[], truncated = false) => ({ entities, relationships, truncated });

/** traverseGraph (optional capability) and the generic walkGraph: neighbours to N hops, as of an instant. */
export function graphTraversalSuite(ctx: SuiteContext): void {
  describe('graph traversal', () => {
    ctx.test('graph-traversal.hops', async (store) => {
      const { node, walk } = await seedGraph(store);
      expect(await walk({ hops: 1 })).toEqual(answer(['B@1'], ['ab']));
      expect(await walk({ hops: 2 })).toEqual(answer(['B@1', 'C@2', 'F@2'], ['ab', 'bf', 'bc']));
      // C → A closes the cycle: the root keeps depth 0 and the edge is returned.
      expect(await walk({ hops: 3 })).toEqual(answer(['B@1', 'C@2', 'F@2', 'D@3'], ['ab', 'bf', 'bc', 'ca', 'cd']));
      expect(await walk({ hops: 10 })).toEqual(answer(['B@1', 'C@2', 'F@2', 'D@3', 'E@4'], ['ab', 'bf', 'bc', 'ca', 'cd', 'de']));
      expect(await walk({ rootId: node.E.id, hops: 3 })).toEqual(answer([], []));
      const full = await traverse(store, { scope: {}, projectId: FIXTURE_PROJECT, rootId: node.A.id, hops: 1, direction: 'out', maxEntities: 10, asOf: at(50) });
      expect(comparable(full?.root)).toEqual(comparable(node.A));
      expect(comparable(full?.entities[0]?.entity)).toEqual(comparable(node.B));
    });

    ctx.test('graph-traversal.directions', async (store) => {
      const { node, walk } = await seedGraph(store);
      expect(await walk({ direction: 'in', hops: 2 })).toEqual(answer(['C@1', 'X@1', 'B@2'], ['bc', 'ca', 'xa']));
      // B → C joins two entities at the last depth: not walked from, not returned.
      expect(await walk({ direction: 'both', hops: 1 })).toEqual(answer(['B@1', 'C@1', 'X@1'], ['ab', 'ca', 'xa']));
      expect(await walk({ direction: 'both', hops: 2 })).toEqual(
        answer(['B@1', 'C@1', 'X@1', 'D@2', 'F@2'], ['ab', 'bf', 'bc', 'ca', 'cd', 'xa']),
      );
      expect(await walk({ rootId: node.C.id, direction: 'out' })).toEqual(answer(['A@1', 'D@1'], ['ca', 'cd']));
      expect(await walk({ rootId: node.C.id, direction: 'in' })).toEqual(answer(['B@1'], ['bc']));
    });

    ctx.test('graph-traversal.relation-types', async (store) => {
      const { walk } = await seedGraph(store);
      expect(await walk({ hops: 3, relationTypes: ['knows'] })).toEqual(answer(['B@1', 'C@2', 'D@3'], ['ab', 'bc', 'ca', 'cd']));
      expect(await walk({ hops: 3, relationTypes: ['uses'] })).toEqual(answer([], []));
      expect(await walk({ hops: 3, relationTypes: ['uses', 'knows'] })).toEqual(
        answer(['B@1', 'C@2', 'F@2', 'D@3'], ['ab', 'bf', 'bc', 'ca', 'cd']),
      );
      expect(await walk({ hops: 3, relationTypes: ['KNOWS', 'know%', "knows' OR '1'='1"] })).toEqual(answer([], []));
      expect(await walk({ hops: 3, relationTypes: [] })).toEqual(answer([], []));
    });

    ctx.test('graph-traversal.as-of', async (store) => {
      const { walk } = await seedGraph(store);
      // A → C is still valid at minute 10: C moves up to depth 1, D comes within 2 hops.
      expect(await walk({ hops: 2, asOf: at(10) })).toEqual(answer(['B@1', 'C@1', 'D@2', 'F@2'], ['ab', 'bf', 'bc', 'ca', 'cd', 'ac']));
      expect(await walk({ hops: 2, asOf: at(20) })).toEqual(answer(['B@1', 'C@2', 'F@2'], ['ab', 'bf', 'bc']));
      expect(await walk({ hops: 2, asOf: at(99) })).toEqual(answer(['B@1', 'C@2', 'F@2'], ['ab', 'bf', 'bc']));
      expect(await walk({ hops: 2, asOf: at(100) })).toEqual(answer(['B@1', 'G@1', 'C@2', 'F@2'], ['ab', 'bf', 'bc', 'ag']));
      expect(await walk({ hops: 2, asOf: undefined })).toEqual(
        answer(['B@1', 'C@1', 'G@1', 'D@2', 'F@2'], ['ab', 'bf', 'bc', 'ca', 'cd', 'ag', 'ac']),
      );
    });

    ctx.test('graph-traversal.max-entities', async (store) => {
      const { walk } = await seedGraph(store);
      // C and F share depth 2: C is kept for its id, although B → F is the older edge.
      expect(await walk({ hops: 3, maxEntities: 3 })).toEqual(answer(['B@1', 'C@2'], ['ab', 'bc', 'ca'], true));
      expect(await walk({ hops: 3, maxEntities: 4 })).toEqual(answer(['B@1', 'C@2', 'F@2'], ['ab', 'bf', 'bc', 'ca'], true));
      expect(await walk({ hops: 3, maxEntities: 5 })).toEqual(answer(['B@1', 'C@2', 'F@2', 'D@3'], ['ab', 'bf', 'bc', 'ca', 'cd']));
      expect(await walk({ hops: 3, maxEntities: 2 })).toEqual(answer(['B@1'], ['ab'], true));
      expect(await walk({ hops: 3, maxEntities: 1 })).toEqual(answer([], [], true));
      expect(await walk({ hops: 3, maxEntities: MAX_QUERY_TOP_K })).toEqual(await walk({ hops: 3, maxEntities: 5 }));
    });

    ctx.test('graph-traversal.tenant-isolation', async (store) => {
      const [a1, b1, c2] = orderedIds('ent', 3).map((id, i) =>
        makeEntity({ id, name: `N${i}`, tenantId: i < 2 ? 'tenant-a' : 'tenant-b' }),
      ) as [Entity, Entity, Entity];
      for (const e of [a1, b1, c2]) await store.saveEntity(e);
      const rel = (s: Entity, t: Entity, tenantId: string, minute: number) =>
        makeRelationship(s.id, t.id, { tenantId, validFrom: undefined, validTo: undefined, createdAt: at(minute) });
      const own = rel(a1, b1, 'tenant-a', 0);
      const toForeign = rel(b1, c2, 'tenant-a', 1); // an edge of tenant A pointing at tenant B's entity
      const foreign = rel(a1, c2, 'tenant-b', 2); // tenant B's edge from tenant A's entity
      for (const r of [own, toForeign, foreign]) await store.saveRelationship(r);
      const q = (scope: GraphTraversalQuery['scope'], rootId: string) =>
        traverse(store, { scope, projectId: FIXTURE_PROJECT, rootId, hops: 3, direction: 'both', maxEntities: 100 });
      const ids = (t: GraphTraversal | undefined) => t && { entities: t.entities.map((e) => e.entity.id), relationships: t.relationships.map((r) => r.id) };
      expect(ids(await q({ tenantId: 'tenant-a' }, a1.id))).toEqual({ entities: [b1.id], relationships: [own.id] });
      // The graph reads use only the tenant part of the filter.
      expect(ids(await q({ tenantId: 'tenant-a', workflowId: 'wf', runId: 'run' }, a1.id))).toEqual({ entities: [b1.id], relationships: [own.id] });
      expect(ids(await q({ tenantId: 'tenant-b' }, c2.id))).toEqual({ entities: [], relationships: [] });
      expect(await q({ tenantId: 'tenant-b' }, a1.id)).toBeUndefined();
      expect(await q({}, a1.id)).toBeUndefined();
      expect(ids(await q(ADMIN_ALL_TENANTS, a1.id))).toEqual({ entities: [b1.id, c2.id], relationships: [own.id, toForeign.id, foreign.id] });
    });

    ctx.test('graph-traversal.project-isolation', async (store) => {
      const [a, b, p] = orderedIds('ent', 3).map((id, i) => makeEntity({ id, projectId: i < 2 ? FIXTURE_PROJECT : 'proj-other' })) as [Entity, Entity, Entity];
      for (const e of [a, b, p]) await store.saveEntity(e);
      const plain = { validFrom: undefined, validTo: undefined };
      const ab = makeRelationship(a.id, b.id, { ...plain, createdAt: at(0) });
      const ap = makeRelationship(a.id, p.id, { ...plain, createdAt: at(1) }); // this project's edge to another project's entity
      const bp = makeRelationship(b.id, p.id, { ...plain, projectId: 'proj-other', createdAt: at(2) });
      for (const r of [ab, ap, bp]) await store.saveRelationship(r);
      const q = (projectId: string, rootId: string) =>
        traverse(store, { scope: {}, projectId, rootId, hops: 3, direction: 'both', maxEntities: 100 });
      const ids = (t: GraphTraversal | undefined) => t && { entities: t.entities.map((e) => e.entity.id), relationships: t.relationships.map((r) => r.id) };
      expect(ids(await q(FIXTURE_PROJECT, a.id))).toEqual({ entities: [b.id], relationships: [ab.id] });
      expect(ids(await q('proj-other', p.id))).toEqual({ entities: [], relationships: [] });
      expect(await q('proj-other', a.id)).toBeUndefined();
      expect(await q(FIXTURE_PROJECT, p.id)).toBeUndefined();
    });

    ctx.test('graph-traversal.bad-input', async (store) => {
      const { node } = await seedGraph(store);
      const good: GraphTraversalQuery = { scope: {}, projectId: FIXTURE_PROJECT, rootId: node.A.id, hops: 2, direction: 'out', maxEntities: 10 };
      for (const bad of [
        { hops: 0 }, { hops: 11 }, { hops: 1.5 }, { rootId: '' }, { rootId: 'x'.repeat(257) }, { maxEntities: 0 },
        { maxEntities: MAX_QUERY_TOP_K + 1 }, { direction: 'sideways' }, { relationTypes: [''] }, { relationTypes: 'knows' },
        { asOf: 'not a date' }, { projectId: undefined }, { scope: { allTenants: true, tenantId: 't' } }, { scope: undefined },
      ]) {
        await expectRejected(store, { ...good, ...bad });
      }
      // Hostile ids are plain values: no root, no error.
      for (const rootId of ["'; DROP TABLE graph_entities; --", '{"$ne": null}', '%', `${node.A.id}' OR '1'='1`]) {
        expect(await traverse(store, { ...good, rootId })).toBeUndefined();
      }
    });
  });
}
