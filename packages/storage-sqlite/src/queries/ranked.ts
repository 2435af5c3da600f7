import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { cosineSimilarity, type Scored } from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { blobVector, vectorBlob } from '../mappers/values.js';
import { embeddings } from '../schema/index.js';
import { indexedCandidates, vectorIndexStats } from './vector-index.js';
import { boundLimit } from './limit.js';

/** Extra candidates fetched beyond topK so float32 rounding in SQL cannot change which records make the cut. */
const candidateLimit = (topK: number): number => topK * 2 + 16;
/** SQLite's bound-parameter limit is far above this; chunking keeps IN lists small anyway. */
const CHUNK = 500;

export function saveEmbedding(db: Db, memoryType: string, memoryId: string, vector: Float32Array): void {
  const blob = vectorBlob(vector);
  db.insert(embeddings)
    .values({ memoryType, memoryId, embedding: blob })
    .onConflictDoUpdate({ target: [embeddings.memoryType, embeddings.memoryId], set: { embedding: blob } })
    .run();
}

/** Several embeddings of one memory type with one statement (the same upsert as `saveEmbedding`). */
export function saveEmbeddings(db: Db, memoryType: string, list: ReadonlyArray<{ id: string; vector: Float32Array }>): void {
  db.insert(embeddings)
    .values(list.map(({ id, vector }) => ({ memoryType, memoryId: id, embedding: vectorBlob(vector) })))
    .onConflictDoUpdate({ target: [embeddings.memoryType, embeddings.memoryId], set: { embedding: sql`excluded.embedding` } })
    .run();
}

/** Deletes the embeddings of these records. */
export function deleteEmbeddings(db: Db, memoryType: string, ids: readonly string[]): void {
  for (let i = 0; i < ids.length; i += CHUNK) {
    db.delete(embeddings)
      .where(and(eq(embeddings.memoryType, memoryType), inArray(embeddings.memoryId, ids.slice(i, i + CHUNK))))
      .run();
  }
}

export interface RankedSelect<R> {
  readonly table: SQLiteTable;
  readonly id: SQLiteColumn;
  readonly time: SQLiteColumn;
  /** Key of the records' rows in `embeddings` (a MemoryType or 'workflow_outcome'). */
  readonly memoryType: string;
  readonly where: readonly SQL[];
  readonly embedding?: Float32Array;
  readonly topK: number;
  map(row: Record<string, unknown>, embedding: Float32Array | undefined): R;
}

type JoinedRow = { row: Record<string, unknown>; embedding: Buffer | null };

/** Phase 1: the ids of the best candidates, from a sort over (key, id) only — rows and vectors stay on disk. */
function candidateIds<R>(db: Db, q: RankedSelect<R>): string[] {
  if (q.topK === 0) return [];
  const join = and(eq(embeddings.memoryType, q.memoryType), eq(embeddings.memoryId, q.id));
  if (!q.embedding) {
    return db
      .select({ id: q.id })
      .from(q.table)
      .where(and(...q.where))
      .orderBy(desc(q.time), asc(q.id))
      .limit(boundLimit(q.topK))
      .all()
      .map((r) => r.id as string);
  }
  const blob = vectorBlob(q.embedding);
  const sameDim = sql`length(${embeddings.embedding}) = ${blob.byteLength}`;
  // CASE keeps sqlite-vec from ever seeing a vector of another dimension (it raises an error on a mismatch);
  // an all-zero vector has no cosine distance (NULL) and ranks as similarity 0.
  const distance = sql`coalesce(CASE WHEN ${sameDim} THEN vec_distance_cosine(${embeddings.embedding}, ${blob}) END, 1.0)`;
  // CROSS JOIN makes SQLite drive from the memory table through its scope indices, so only filtered rows have
  // their vector read and compared (an inner join lets the planner scan every vector of the type instead).
  return db
    .select({ id: q.id })
    .from(q.table)
    .crossJoin(embeddings)
    .where(and(...q.where, join, sameDim))
    .orderBy(asc(distance), asc(q.id))
    .limit(boundLimit(candidateLimit(q.topK)))
    .all()
    .map((r) => r.id as string);
}

/** Phase 2: full rows with their vectors, for the candidate ids. */
function rowsById<R>(db: Db, q: RankedSelect<R>, ids: readonly string[]): Map<string, JoinedRow> {
  const join = and(eq(embeddings.memoryType, q.memoryType), eq(embeddings.memoryId, q.id));
  const fields = { row: q.table, embedding: embeddings.embedding } as unknown as Record<string, SQLiteColumn>;
  const out = new Map<string, JoinedRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = db
      .select(fields)
      .from(q.table)
      .leftJoin(embeddings, join)
      .where(inArray(q.id, ids.slice(i, i + CHUNK)))
      .all() as unknown as JoinedRow[];
    for (const r of rows) out.set(r.row['id'] as string, r);
  }
  return out;
}

/**
 * The contract's read order. Without an embedding: newest first by the time column, ties by id ascending. With
 * one: SQL filters (scope, project, agents ... and same dimension) and ranks by sqlite-vec's cosine distance over
 * the filtered rows only; the few candidates are then re-scored in double precision (similarity = cosine
 * similarity, 0 for an all-zero vector) and ordered by similarity descending, id ascending. Both phases run in one
 * read transaction, so they see the same snapshot.
 */
export function selectRanked<R>(conn: Connection, q: RankedSelect<R>): Scored<R>[] {
  return conn.client.transaction(() => {
    const query = q.embedding;
    if (!query) {
      const ids = candidateIds(conn.db, q);
      const rows = rowsById(conn.db, q, ids);
      return ids
        .map((id) => rows.get(id))
        .filter((r): r is JoinedRow => r !== undefined)
        .map((r) => ({ record: q.map(r.row, blobVector(r.embedding)) }));
    }
    const need = candidateLimit(q.topK);
    const indexed = q.topK > 0 ? indexedCandidates(conn, { ...q, embedding: query, need }) : undefined;
    if (indexed) {
      const result = rank(conn.db, q, query, indexed);
      // All-zero vectors are not in the index (similarity 0): trust it only for a full, positive top K.
      const worst = result.at(-1)?.similarity ?? 0;
      if (result.length === q.topK && worst > 1e-6) {
        vectorIndexStats.answered++;
        return result;
      }
    }
    if (q.topK > 0 && indexed !== undefined) vectorIndexStats.fellBack++;
    return rank(conn.db, q, query, candidateIds(conn.db, q));
  })();
}

/** Phase 2 for similarity: exact cosine similarity in double precision, similarity descending, id ascending. */
function rank<R>(db: Db, q: RankedSelect<R>, query: Float32Array, ids: readonly string[]): Scored<R>[] {
  const rows = rowsById(db, q, ids);
  const scored = ids
    .map((id) => rows.get(id))
    .filter((r): r is JoinedRow => r !== undefined && r.embedding !== null)
    .map((r) => {
      const vector = blobVector(r.embedding) as Float32Array;
      return { id: r.row['id'] as string, record: q.map(r.row, vector), similarity: cosineSimilarity(query, vector) };
    });
  scored.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, q.topK).map(({ record, similarity }) => ({ record, similarity }));
}
