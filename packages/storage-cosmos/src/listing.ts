import type { Collection, Doc } from './collection.js';
import { fromDoc, type Codec } from './documents.js';
import type { Sql } from './sql.js';

const byId = (a: Doc, b: Doc): number => {
  const x = a['almaId'] as string;
  const y = b['almaId'] as string;
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Runs `sql` ordered by `field` (then id ascending, the contract's tie-break) with an optional TOP, following every
 * continuation token, and maps the documents back to records. The order is applied again in JavaScript so ties
 * compare ids exactly as the other stores do (UTF-16 code units).
 */
export async function listOrdered<T>(
  coll: Collection,
  codec: Codec,
  sql: Sql,
  partitionKey: string | undefined,
  order: { field: string; direction: 'ASC' | 'DESC'; top?: number },
): Promise<T[]> {
  const sign = order.direction === 'ASC' ? 1 : -1;
  const spec = sql.build('*', {
    ...(order.top !== undefined ? { top: order.top } : {}),
    orderBy: `c.${order.field} ${order.direction}, c.almaId ASC`,
  });
  const docs = await coll.queryAll<Doc>(spec, partitionKey);
  return docs
    .sort((a, b) => sign * ((a[order.field] as number) - (b[order.field] as number)) || byId(a, b))
    .map((doc) => fromDoc<T>(codec, doc));
}
