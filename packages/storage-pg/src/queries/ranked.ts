import { and, asc, getTableColumns, isNotNull, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { cosineSimilarity, type Scored } from '@alma/types';
import type { Connection } from '../connection.js';
import { decodeVectorSend, vectorLiteral } from '../schema/index.js';

/** Extra candidates fetched beyond topK, so float32 rounding in SQL cannot change which records make the cut. */
const candidateLimit = (topK: number): number => topK * 2 + 16;

export interface RankedSelect<R> {
  readonly table: PgTable;
  readonly id: Column;
  readonly time: Column;
  /** The `vector` column; absent for a type without embeddings (user preferences). */
  readonly embeddingColumn: Column | undefined;
  readonly where: readonly SQL[];
  readonly embedding?: Float32Array;
  readonly topK: number;
  map(row: Record<string, unknown>): R;
}

/**
 * Every column of `table`, the embedding read in pgvector's binary form (`vector_send`) and decoded to a
 * Float32Array: what the reads of records with embeddings select.
 */
export function rowSelection(conn: Connection, table: PgTable, embedding: Column | undefined): Record<string, PgColumn | SQL> {
  const columns: Record<string, PgColumn | SQL> = getTableColumns(table);
  if (!embedding) return columns;
  return { ...columns, embedding: sql`${conn.ext}.vector_send(${embedding})`.mapWith(decodeVectorSend) };
}

/** `time DESC NULLS LAST, id ASC`: newest first (a legacy row without a time last), ties by id in byte order. */
export const newestFirst = (time: Column, id: Column): SQL[] => [sql`${time} DESC NULLS LAST`, asc(id)];

/** `embedding <=> $query` with pgvector's operator and type named through their schema (no search_path needed). */
export function cosineDistance(conn: Connection, column: Column, query: Float32Array): SQL {
  return sql`${column} OPERATOR(${conn.ext}.<=>) ${vectorLiteral(query)}::${conn.ext}.vector`;
}

/**
 * The contract's read order. Without an embedding: newest first by the time column, ties by id ascending. With
 * one of the store's dimension: the WHERE (scope, project, agents ...) filters and pgvector ranks by cosine
 * distance through the HNSW index (iterative scan, so a selective filter still yields topK rows); the candidates
 * are re-scored in double precision (similarity = cosine similarity, 0 for an all-zero vector) and ordered by
 * similarity descending, id ascending. A query of another dimension matches nothing (the column holds only one).
 */
export async function selectRanked<R>(conn: Connection, q: RankedSelect<R>): Promise<Scored<R>[]> {
  if (!q.embedding) {
    const rows = await conn.db
      .select(rowSelection(conn, q.table, q.embeddingColumn))
      .from(q.table)
      .where(and(...q.where))
      .orderBy(...newestFirst(q.time, q.id))
      .limit(q.topK);
    return rows.map((row) => ({ record: q.map(row) }));
  }
  const query = q.embedding;
  const column = q.embeddingColumn;
  if (!column || query.length !== conn.dim || q.topK === 0) return [];
  const limit = candidateLimit(q.topK);
  const rows = await conn.tx(async (tx) => {
    const ef = String(Math.min(1000, Math.max(40, limit)));
    await tx.execute(
      sql`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${ef}, true)`,
    );
    return tx
      .select(rowSelection(conn, q.table, q.embeddingColumn))
      .from(q.table)
      .where(and(...q.where, isNotNull(column)))
      .orderBy(cosineDistance(conn, column, query))
      .limit(limit);
  });
  const scored = rows.map((row) => {
    const vector = (row as Record<string, unknown>)['embedding'] as Float32Array;
    const id = (row as Record<string, unknown>)['id'] as string;
    return { id, record: q.map(row), similarity: cosineSimilarity(query, vector) };
  });
  scored.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, q.topK).map(({ record, similarity }) => ({ record, similarity }));
}
