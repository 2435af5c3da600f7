import type { SqlQuerySpec } from '@azure/cosmos';
import { cosineSimilarity, StorageError } from '@alma/types';
import type { Doc, Queryable } from './collection.js';
import { ADAPTER, statusOf } from './errors.js';
import { Sql } from './sql.js';

/** Adds the read's scope and filter predicates to `sql`; returns the partition key when the read has one. */
export type FilterBuilder = (sql: Sql) => string | undefined;

/** One ranked candidate: where it lives and how similar it is. */
export interface RankedRef {
  readonly id: string;
  readonly pk: string;
  readonly almaId: string;
  readonly similarity: number;
}

/** A document with its similarity, in rank order. */
export interface ScoredDoc {
  readonly doc: Doc;
  readonly similarity: number;
}

/**
 * Native ranking asks the service for a few more than topK so that records tied on similarity at the cut can
 * still be ordered by id (ORDER BY VectorDistance takes no second sort key).
 */
export const TIE_SLACK = 8;

const byRank = (a: RankedRef, b: RankedRef): number =>
  b.similarity - a.similarity || (a.almaId < b.almaId ? -1 : a.almaId > b.almaId ? 1 : 0);

const withEmbeddingOf = (sql: Sql, dim: number): void => {
  sql.where('IS_ARRAY(c.embedding)');
  sql.where(`ARRAY_LENGTH(c.embedding) = ${sql.param(dim)}`);
};

/** The native similarity query: `SELECT TOP @n ..., VectorDistance(c.embedding, @q) ... ORDER BY VectorDistance(...)`. */
export function nativeVectorQuery(
  filter: FilterBuilder,
  embedding: Float32Array,
  topK: number,
): { spec: SqlQuerySpec; partitionKey: string | undefined } {
  const sql = new Sql();
  const partitionKey = filter(sql);
  withEmbeddingOf(sql, embedding.length);
  const q = sql.param(Array.from(embedding));
  const distance = `VectorDistance(c.embedding, ${q})`;
  const spec = sql.build(`c.id, c.pk, c.almaId, ${distance} AS similarity`, { top: topK + TIE_SLACK, orderBy: distance });
  return { spec, partitionKey };
}

/** Maps native results (cosine: VectorDistance is the similarity, higher is closer) to the contract's order. */
export function rankNativeResults(rows: readonly Partial<RankedRef>[], topK: number): RankedRef[] {
  return rows
    .filter((r): r is RankedRef => typeof r.id === 'string' && typeof r.similarity === 'number')
    .map((r) => ({ id: r.id, pk: r.pk ?? '', almaId: r.almaId ?? r.id, similarity: r.similarity }))
    .sort(byRank)
    .slice(0, topK);
}

/** The in-process candidate query: ids and embeddings of the records in scope with an embedding of the right size. */
export function candidateQuery(filter: FilterBuilder, dim: number): { spec: SqlQuerySpec; partitionKey: string | undefined } {
  const sql = new Sql();
  const partitionKey = filter(sql);
  withEmbeddingOf(sql, dim);
  return { spec: sql.build('c.id, c.pk, c.almaId, c.embedding'), partitionKey };
}

/** Exact cosine ranking in JavaScript (the same arithmetic as the in-memory reference store). */
export function rankInProcess(
  rows: readonly { id: string; pk?: string; almaId: string; embedding: number[] }[],
  embedding: Float32Array,
  topK: number,
): RankedRef[] {
  return rows
    .map((r) => ({
      id: r.id,
      pk: r.pk ?? '',
      almaId: r.almaId,
      similarity: cosineSimilarity(embedding, Float32Array.from(r.embedding)),
    }))
    .sort(byRank)
    .slice(0, topK);
}

/** Ranks the records in scope by cosine similarity to `embedding` and returns the topK documents, best first. */
export async function vectorSearch(
  collection: Queryable,
  mode: 'native' | 'in-process',
  filter: FilterBuilder,
  embedding: Float32Array,
  topK: number,
): Promise<ScoredDoc[]> {
  let ranked: RankedRef[];
  if (mode === 'native') {
    const { spec, partitionKey } = nativeVectorQuery(filter, embedding, topK);
    ranked = rankNativeResults(await collection.queryAll<Partial<RankedRef>>(spec, partitionKey), topK);
  } else {
    const { spec, partitionKey } = candidateQuery(filter, embedding.length);
    const rows = await collection.queryAll<{ id: string; pk?: string; almaId: string; embedding: number[] }>(spec, partitionKey);
    ranked = rankInProcess(rows, embedding, topK);
  }
  if (ranked.length === 0) return [];
  // Second round trip: the full documents of the winners only (same scope, so nothing outside it can appear).
  const sql = new Sql();
  const partitionKey = filter(sql);
  sql.in('id', [...new Set(ranked.map((r) => r.id))]);
  const docs = await collection.queryAll<Doc>(sql.build('*'), partitionKey);
  const byKey = new Map(docs.map((d) => [`${String(d['pk'] ?? '')}\u0000${d.id}`, d]));
  return ranked.flatMap((r) => {
    const doc = byKey.get(`${r.pk}\u0000${r.id}`);
    return doc ? [{ doc, similarity: r.similarity }] : [];
  });
}

const probes = new WeakMap<object, Promise<boolean>>();

/**
 * Does the service evaluate `VectorDistance`? Probed once per client with a FROM-less brute-force query; a 400
 * (unknown function, feature not enabled) means no. Any other failure is a StorageError.
 */
export function probeVectorDistance(client: object, collection: Queryable): Promise<boolean> {
  let probe = probes.get(client);
  if (!probe) {
    const spec = { query: 'SELECT VALUE VectorDistance(@v, @v, true)', parameters: [{ name: '@v', value: [1, 0] }] };
    probe = collection.queryAll(spec).then(
      () => true,
      (error: unknown) => {
        const cause = error instanceof StorageError ? error.cause : error;
        if (statusOf(cause) === 400) return false;
        throw new StorageError(ADAPTER, 'probing VectorDistance support failed', { cause: error });
      },
    );
    probes.set(client, probe);
    probe.catch(() => probes.delete(client));
  }
  return probe;
}
