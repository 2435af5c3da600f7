import type { z } from 'zod';
import type { Entity, Relationship } from './graph.js';
import { graphTraversalQuerySchema } from './query-schemas.js';
import { MAX_QUERY_TOP_K, type GraphTraversal, type GraphTraversalQuery, type StorageBackend } from './storage.js';
import { parseInput } from './validate.js';

/** What the walk needs of a store. */
export type GraphWalkStore = Pick<StorageBackend, 'getEntity' | 'queryRelationships'>;

type Query = z.output<typeof graphTraversalQuerySchema>;

/** Entity ids per queryRelationships call: keeps every call's bound id list short on every driver. */
const IDS_PER_QUERY = 500;
/** Concurrent getEntity calls: point reads are cheap alone, but a wide frontier must not open thousands at once. */
const READS_IN_FLIGHT = 32;

/**
 * `traverseGraph` on any store, breadth-first over `queryRelationships` (one call per hop and 500 frontier ids) and
 * `getEntity` (one per reached entity). It defines the semantics of `GraphTraversalQuery`: stores with recursive
 * SQL must give exactly its answer, and stores without `traverseGraph` are walked with it.
 */
export async function walkGraph(store: GraphWalkStore, input: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
  const q = parseInput(graphTraversalQuerySchema, input, 'graph traversal query');
  const root = await store.getEntity(q.rootId, q.scope);
  if (!root || root.projectId !== q.projectId) return undefined;
  const keep = q.maxEntities - 1;
  const nodes = new Map<string, { entity: Entity; depth: number }>([[root.id, { entity: root, depth: 0 }]]);
  const absent = new Set<string>(); // reached ids without a visible entity: not part of the graph
  const edges = new Map<string, Relationship>();
  const expanded = new Set<string>();
  const cut = { hit: false }; // set when one entity alone has more matching edges than a store returns at once
  let frontier = [root.id];
  // Once more than `keep` entities are reached, deeper ones sort after every kept one: stop.
  for (let depth = 1; depth <= q.hops && frontier.length > 0 && nodes.size - 1 <= keep; depth++) {
    const from = new Set(frontier);
    const fresh = new Set<string>();
    for (const r of await fetchEdges(store, q, frontier, expanded, edges, cut)) {
      for (const id of farEnds(r, from, q.direction)) if (!nodes.has(id) && !absent.has(id)) fresh.add(id);
    }
    frontier = [];
    for (const [id, entity] of await readEntities(store, q, [...fresh])) {
      if (!entity) absent.add(id);
      else {
        nodes.set(id, { entity, depth });
        frontier.push(id);
      }
    }
  }
  const reached = [...nodes.values()].filter((n) => n.entity.id !== root.id).sort(byDepthThenId);
  const kept = reached.slice(0, keep);
  const inGraph = new Set([root.id, ...kept.map((n) => n.entity.id)]);
  const from = new Set([root.id, ...kept.filter((n) => n.depth < q.hops).map((n) => n.entity.id)]);
  // Kept entities at the last walked depth may not have had their edges read yet.
  await fetchEdges(store, q, [...from].filter((id) => !expanded.has(id)), expanded, edges, cut);
  const relationships = [...edges.values()]
    .filter((r) => farEnds(r, from, q.direction).some((id) => inGraph.has(id)))
    .sort(oldestFirst);
  return { root, entities: kept, relationships, truncated: reached.length > keep || cut.hit };
}

/** The ends of `r` reached by following it from a member of `from` in `direction`. */
function farEnds(r: Relationship, from: ReadonlySet<string>, direction: Query['direction']): string[] {
  const ends: string[] = [];
  if (direction !== 'in' && from.has(r.sourceId)) ends.push(r.targetId);
  if (direction !== 'out' && from.has(r.targetId)) ends.push(r.sourceId);
  return ends;
}

/** Reads the matching edges of `ids` in `direction` into `edges`; returns the ones read now. */
async function fetchEdges(
  store: GraphWalkStore,
  q: Query,
  ids: readonly string[],
  expanded: Set<string>,
  edges: Map<string, Relationship>,
  cut: { hit: boolean },
): Promise<Relationship[]> {
  const types = q.relationTypes ? new Set(q.relationTypes) : undefined;
  if (types?.size === 0) return [];
  const out: Relationship[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const batch = ids.slice(i, i + IDS_PER_QUERY);
    for (const r of await edgesOf(store, q, batch, types, cut)) {
      if (types && !types.has(r.relationType)) continue;
      edges.set(r.id, r);
      out.push(r);
    }
    for (const id of batch) expanded.add(id);
  }
  return out;
}

/**
 * One queryRelationships call; a full answer may have been cut at MAX_QUERY_TOP_K, so it is split and asked again.
 * A single entity's full answer cannot be split: `cut.hit` makes the walk report itself truncated, never complete.
 */
async function edgesOf(
  store: GraphWalkStore,
  q: Query,
  ids: readonly string[],
  types: ReadonlySet<string> | undefined,
  cut: { hit: boolean },
): Promise<Relationship[]> {
  const rels = await store.queryRelationships({
    scope: q.scope,
    projectId: q.projectId,
    entityIds: ids,
    direction: q.direction,
    ...(types?.size === 1 ? { relationType: [...types][0] as string } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    limit: MAX_QUERY_TOP_K,
  });
  if (rels.length < MAX_QUERY_TOP_K) return rels;
  if (ids.length === 1) {
    cut.hit = true;
    return rels;
  }
  const half = ids.length >> 1;
  return [...(await edgesOf(store, q, ids.slice(0, half), types, cut)), ...(await edgesOf(store, q, ids.slice(half), types, cut))];
}

/** The entity of each id, or undefined when it is not visible in the query's tenant and project. */
async function readEntities(store: GraphWalkStore, q: Query, ids: readonly string[]): Promise<Array<[string, Entity | undefined]>> {
  const out: Array<[string, Entity | undefined]> = [];
  for (let i = 0; i < ids.length; i += READS_IN_FLIGHT) {
    const batch = ids.slice(i, i + READS_IN_FLIGHT);
    const read = await Promise.all(batch.map((id) => store.getEntity(id, q.scope)));
    batch.forEach((id, j) => {
      const e = read[j];
      out.push([id, e && e.projectId === q.projectId ? e : undefined]);
    });
  }
  return out;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byDepthThenId = (a: { entity: Entity; depth: number }, b: { entity: Entity; depth: number }): number =>
  a.depth - b.depth || compareIds(a.entity.id, b.entity.id);
const oldestFirst = (a: Relationship, b: Relationship): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id);
