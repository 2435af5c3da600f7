import type { Relationship } from '@alma/types';

/** Do two validity intervals [from, to) overlap? Open ends are unbounded. */
export function overlaps(a: Pick<Relationship, 'validFrom' | 'validTo'>, b: Pick<Relationship, 'validFrom' | 'validTo'>): boolean {
  const start = (r: typeof a): number => r.validFrom?.getTime() ?? -Infinity;
  const end = (r: typeof a): number => r.validTo?.getTime() ?? Infinity;
  return start(a) < end(b) && start(b) < end(a);
}
