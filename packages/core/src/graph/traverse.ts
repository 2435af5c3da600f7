import type { Relationship } from '@alma/types';

/** Do two validity intervals [from, to) overlap? Open ends are unbounded. */
export function overlaps(a: Pick<Relationship, 'validFrom' | 'validTo'>, b: Pick<Relationship, 'validFrom' | 'validTo'>): boolean {
  const start = (r: typeof a): number => r.validFrom?.getTime() ?? -Infinity;
  const end = (r: typeof a): number => r.validTo?.getTime() ?? Infinity;
  return start(a) < end(b) && start(b) < end(a);
}

/**
 * One breadth-first step: for each edge leaving the frontier in `direction`, the entity at its other end joins the
 * next frontier at `depth` if not seen yet. Stops adding entities at `maxEntities` (root included).
 */
export function expandFrontier(
  frontier: readonly string[],
  rels: readonly Relationship[],
  direction: 'out' | 'in' | 'both',
  depthOf: Map<string, number>,
  depth: number,
  maxEntities: number,
): { next: string[]; edges: Relationship[]; truncated: boolean } {
  const inFrontier = new Set(frontier);
  const next: string[] = [];
  const edges: Relationship[] = [];
  for (const r of rels) {
    const ends: string[] = [];
    if (direction !== 'in' && inFrontier.has(r.sourceId)) ends.push(r.targetId);
    if (direction !== 'out' && inFrontier.has(r.targetId)) ends.push(r.sourceId);
    if (ends.length === 0) continue;
    const fresh = ends.filter((id) => !depthOf.has(id));
    if (fresh.length > 0 && depthOf.size + fresh.length > maxEntities) return { next, edges, truncated: true };
    edges.push(r);
    for (const id of fresh) {
      depthOf.set(id, depth);
      next.push(id);
    }
  }
  return { next, edges, truncated: false };
}
