import { and, asc, getTableColumns, isNotNull, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { cosineSimilarity, type Scored } from '@alma/types';
import type { Connection } from '../connection.js';
import { decodeVectorSend, vectorLiteral } from '../schema/index.js';

/** Extra candidates fetched beyond topK, so float32 rounding in SQL cannot change which records make the cut. */
const candidateLimit = (topK: number): number => topK * 2 + 16;

/** Tuning of similarity reads (exported for tests). */
export const vectorSearchTuning = {
  /**
   * With at most this many rows passing the filters, every one of them is ranked exactly (a top-N sort over the
   * filtered rows, about 5 µs a row with 384 dimensions); above it the HNSW index is walked (a few ms whatever the
   * table size). The rows are counted, up to this + 1, in the statement that sets the HNSW options.
   */
  exactMaxRows: 1000,
};

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

/** The same distance through pgvector's function rather than its operator: no index can serve this order. */
function exactCosineDistance(conn: Connection, column: Column, query: Float32Array): SQL {
  return sql`${conn.ext}.cosine_distance(${column}, ${vectorLiteral(query)}::${conn.ext}.vector)`;
}

/**
 * The contract's read order. Without an embedding: newest first by the time column, ties by id ascending. With
 * one of the store's dimension: the WHERE (scope, project, agents ...) filters, and the rows are ranked by cosine
 * distance — exactly over the filtered rows when at most `vectorSearchTuning.exactMaxRows` pass the filters, else
 * through the HNSW index (iterative scan, so a selective filter still yields topK rows; exact again if the scan
 * gives up before it found them all). The choice is made on a count, never on table statistics: a table that was
 * never ANALYZEd (autovacuum off, or just bulk-loaded) would otherwise look empty to the planner, which then sorts
 * every filtered row. The candidates are re-scored in double precision (similarity = cosine similarity, 0 for an
 * all-zero vector) and ordered by similarity descending, id ascending. A query of another dimension matches
 * nothing (the column holds only one).
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
  const where = and(...q.where, isNotNull(column));
  const rows = await conn.tx(async (tx) => {
    const ef = String(Math.min(1000, Math.max(40, limit)));
    const max = vectorSearchTuning.exactMaxRows;
    // The count leaves out `embedding IS NOT NULL` so the scope index alone can answer it; rows without an
    // embedding can only make it pick the index, and then the exact fallback below.
    const [setup] = await tx.execute<{ n: number }>(sql`
      SELECT c.n, set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${ef}, true),
        set_config('enable_sort', CASE WHEN c.n > ${max} THEN 'off' ELSE current_setting('enable_sort') END, true)
      FROM (SELECT count(*)::int AS n FROM (SELECT 1 FROM ${q.table} WHERE ${and(sql`true`, ...q.where)} LIMIT ${max + 1}) f) c`);
    const ranked = (order: SQL) =>
      tx.select(rowSelection(conn, q.table, column)).from(q.table).where(where).orderBy(order).limit(limit);
    if (Number(setup?.n ?? 0) > max) {
      // enable_sort = off: the planner walks the index instead of sorting the filtered rows.
      const found = await ranked(cosineDistance(conn, column, query));
      // Fewer than asked: the filtered rows are fewer, or the scan stopped at hnsw.max_scan_tuples — be exact.
      if (found.length >= limit) return found;
    }
    return ranked(exactCosineDistance(conn, column, query));
  });
  const scored = rows.map((row) => {
    const vector = (row as Record<string, unknown>)['embedding'] as Float32Array;
    const id = (row as Record<string, unknown>)['id'] as string;
    return { id, record: q.map(row), similarity: cosineSimilarity(query, vector) };
  });
  scored.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, q.topK).map(({ record, similarity }) => ({ record, similarity }));
}
