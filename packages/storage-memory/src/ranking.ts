import { cosineSimilarity, deepClone, type Scored } from '@alma/types';

/** Stable tie-break shared by every ordering in the contract. */
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The contract's ordering: with an embedding, cosine similarity descending over records that have an embedding of
 * the same dimension; without, newest first by `timeOf`. Ties break by id ascending. Returns clones.
 */
export function rank<T extends { id: string; embedding?: Float32Array }>(
  rows: Iterable<T>,
  options: { embedding?: Float32Array; topK: number; timeOf: (row: T) => Date },
): Scored<T>[] {
  const { embedding, topK, timeOf } = options;
  if (embedding) {
    const scored: Array<{ row: T; similarity: number }> = [];
    for (const row of rows) {
      if (row.embedding && row.embedding.length === embedding.length) {
        scored.push({ row, similarity: cosineSimilarity(embedding, row.embedding) });
      }
    }
    scored.sort((a, b) => b.similarity - a.similarity || byId(a.row, b.row));
    return scored.slice(0, topK).map(({ row, similarity }) => ({ record: deepClone(row), similarity }));
  }
  return [...rows]
    .sort((a, b) => timeOf(b).getTime() - timeOf(a).getTime() || byId(a, b))
    .slice(0, topK)
    .map((row) => ({ record: deepClone(row) }));
}

/** Oldest first by createdAt, then id. */
export function oldestFirst<T extends { id: string; createdAt: Date }>(rows: Iterable<T>): T[] {
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b));
}

/** Newest first by createdAt, then id ascending. */
export function newestFirst<T extends { id: string; createdAt: Date }>(rows: Iterable<T>): T[] {
  return [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(a, b));
}
