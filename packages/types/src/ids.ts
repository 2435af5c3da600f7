import { randomBytes, randomUUID } from 'node:crypto';

/** ALMA's id style: a type prefix plus 12 hex characters, e.g. `heur_3f9a0c1b2d4e`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function newUuid(): string {
  return randomUUID();
}

/** Ids are opaque strings: non-empty, bounded, no control characters. Anything else is stored verbatim. */
export const MAX_ID_LENGTH = 256;
