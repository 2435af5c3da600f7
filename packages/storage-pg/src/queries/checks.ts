import { ValidationError } from '@alma/types';
import type { Connection } from '../connection.js';
import { assertNoNul } from '../errors.js';

/**
 * What PostgreSQL adds to a validated record before it is written: no U+0000 in any string (text and jsonb cannot
 * hold it), and an embedding of exactly the store's dimension (the column is `vector(embeddingDim)`).
 */
export function checkWritable<R extends object>(conn: Connection, record: R, kind: string): R {
  assertNoNul(record, kind);
  const embedding = (record as { embedding?: Float32Array }).embedding;
  if (embedding !== undefined && embedding.length !== conn.dim) {
    throw new ValidationError(
      `Invalid ${kind}: embedding: has ${embedding.length} dimensions, but this store's embeddingDim is ${conn.dim}.`,
      [{ path: 'embedding', message: `must have ${conn.dim} dimensions` }],
    );
  }
  return record;
}
