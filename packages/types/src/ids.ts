import { randomFillSync, randomUUID } from 'node:crypto';

/** Random bytes drawn in blocks: one `randomFillSync` per 4 KiB instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/**
 * ALMA's id style: a type prefix plus 24 hex characters, e.g. `heur_019ab3c4d5e6f7a8b9c0d1e2`: the creation time in
 * milliseconds (48 bits, so ids of one kind sort roughly by creation and index inserts stay local), then 48 random
 * bits, which only ids made in the same millisecond share a space in. (12 random hex characters, the former style,
 * collide with about 18 % probability among 10 million ids.)
 */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(16).padStart(12, '0')}${randomHex(6)}`;
}

export function newUuid(): string {
  return randomUUID();
}

/** Ids are opaque strings: non-empty, bounded, no control characters. Anything else is stored verbatim. */
export const MAX_ID_LENGTH = 256;
