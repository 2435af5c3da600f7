import { count, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Connection } from '../connection.js';
import { vectorBlob } from '../mappers/values.js';
import { embeddings } from '../schema/index.js';

/*
 * Optional sqlite-vec index (`embeddingDim` option): a vec0 table per dimension, partitioned by memory type, kept
 * in sync with `embeddings` by triggers — so every writer (any process, any options) maintains it. It only ever
 * proposes candidates: filters are applied in SQL afterwards, and whenever the candidates cannot prove they hold
 * the filtered top K, the caller falls back to the exact brute-force ranking.
 */

/** Tuning knobs (exported for tests). */
export const vectorIndexTuning = {
  /** With at most this many rows passing the filters, brute force over them is cheaper than a vec0 scan. */
  bruteForceMaxRows: 2000,
  /**
   * A vec0 KNN reads every vector of the memory type; brute force reads only the filtered ones (about 1.5x the
   * per-vector cost). Below this share of the type's vectors passing the filters, brute force wins.
   */
  minFilteredFraction: 0.3,
};

/** Counters for tests and diagnostics: similarity queries answered from the index / by brute force after trying it. */
export const vectorIndexStats = { answered: 0, fellBack: 0 };

const K_LIMIT = 4096; // sqlite-vec 0.1.x maximum k

export const vectorIndexTable = (dim: number): string => `vec_embeddings_${Math.trunc(dim)}`;

/**
 * Creates the vec0 table and its triggers for `dim` (idempotent) and indexes the vectors already stored. All-zero
 * vectors are not indexed (they have no cosine distance); other dimensions belong to other indexes.
 */
export function ensureVectorIndex(conn: Connection, dim: number): void {
  const table = vectorIndexTable(dim);
  const bytes = Math.trunc(dim) * 4;
  const indexable = (v: string) => `length(${v}.embedding) = ${bytes} AND vec_distance_l2(${v}.embedding, zeroblob(${bytes})) > 0`;
  conn.tx(() => {
    const exists = conn.client.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table);
    if (exists) return;
    conn.client.exec(`
      CREATE VIRTUAL TABLE ${table} USING vec0(
        embedding_id INTEGER PRIMARY KEY, memory_type TEXT PARTITION KEY, embedding float[${Math.trunc(dim)}] distance_metric=cosine);
      CREATE TRIGGER ${table}_ai AFTER INSERT ON embeddings WHEN ${indexable('NEW')} BEGIN
        INSERT INTO ${table}(embedding_id, memory_type, embedding) VALUES (NEW.id, NEW.memory_type, NEW.embedding);
      END;
      CREATE TRIGGER ${table}_ad AFTER DELETE ON embeddings BEGIN
        DELETE FROM ${table} WHERE embedding_id = OLD.id;
      END;
      CREATE TRIGGER ${table}_au AFTER UPDATE ON embeddings BEGIN
        DELETE FROM ${table} WHERE embedding_id = OLD.id;
        INSERT INTO ${table}(embedding_id, memory_type, embedding)
          SELECT NEW.id, NEW.memory_type, NEW.embedding WHERE ${indexable('NEW')};
      END;
      INSERT INTO ${table}(embedding_id, memory_type, embedding)
        SELECT e.id, e.memory_type, e.embedding FROM embeddings e WHERE ${indexable('e')};
    `);
  });
}

export function hasVectorIndex(conn: Connection, dim: number): boolean {
  return conn.client.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(vectorIndexTable(dim)) !== undefined;
}

/** Memoised answers of one connection, and the database version they were read at. */
interface Memo {
  version: string;
  readonly values: Map<string, number | boolean>;
}
const memos = new WeakMap<Connection['client'], Memo>();
/** Entries kept per connection before the memo starts over (scopes are many; a retrieval needs a handful). */
const MEMO_LIMIT = 1000;

/**
 * `read()` memoised under `key` until the database changes: a commit of another connection (`data_version`) or a
 * change made through this one (`total_changes()`). Only for what steers the search (whether the index exists, row
 * counts) — never for results, which are exact whatever these answers are.
 */
function memoised<T extends number | boolean>(conn: Connection, key: string, read: () => T): T {
  const version = conn
    .prepared('vector-index:version', () =>
      conn.client.prepare(`SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()`).pluck(),
    )
    .get() as string;
  let memo = memos.get(conn.client);
  if (!memo || memo.version !== version || memo.values.size >= MEMO_LIMIT) {
    memo = { version, values: new Map() };
    memos.set(conn.client, memo);
  }
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = read();
  memo.values.set(key, value);
  return value;
}

/** `SELECT count(*) ...` through the memo, keyed by its SQL text and parameters. */
function memoisedCount(conn: Connection, query: { toSQL(): { sql: string; params: unknown[] }; get(): unknown }): number {
  const { sql: text, params } = query.toSQL();
  return memoised(conn, `${text}\u0000${JSON.stringify(params)}`, () => (query.get() as { n: number }).n);
}

export interface IndexedSearch {
  readonly table: SQLiteTable;
  readonly id: SQLiteColumn;
  readonly memoryType: string;
  readonly where: readonly SQL[];
  readonly embedding: Float32Array;
  readonly topK: number;
  /** How many candidates the caller wants (topK plus a margin for exact re-scoring). */
  readonly need: number;
}

type KnnRow = { id: string | null; distance: number; ok: number };

/**
 * Candidate ids (best first) from the vec0 index, or undefined when brute force is the right (or only correct)
 * answer: the filters leave few rows, the query's dimension has no index, or the k nearest of the partition do
 * not contain enough filtered rows to be sure of the top K.
 */
export function indexedCandidates(conn: Connection, q: IndexedSearch): string[] | undefined {
  const dim = q.embedding.length;
  if (!memoised(conn, `index:${dim}`, () => hasVectorIndex(conn, dim))) return undefined;
  const filtered = memoisedCount(conn, conn.db.select({ n: count() }).from(q.table).where(sql.join([...q.where, sql`1`], sql` AND `)));
  if (filtered <= vectorIndexTuning.bruteForceMaxRows) return undefined;
  const partition = memoisedCount(conn, conn.db.select({ n: count() }).from(embeddings).where(eq(embeddings.memoryType, q.memoryType)));
  if (filtered < partition * vectorIndexTuning.minFilteredFraction) return undefined;
  const table = sql.identifier(vectorIndexTable(dim));
  const blob = vectorBlob(q.embedding);
  const ok = q.where.length > 0 ? sql.join([...q.where], sql` AND `) : sql`1`;
  let k = Math.min(K_LIMIT, Math.max(q.need, Math.ceil(((q.need * partition) / filtered) * 1.5)));
  for (;;) {
    const rows = conn.db.all<KnnRow>(sql`
      WITH knn AS (
        SELECT embedding_id, distance FROM ${table}
        WHERE embedding MATCH ${blob} AND k = ${k} AND memory_type = ${q.memoryType})
      SELECT ${q.id} AS id, knn.distance AS distance, CASE WHEN ${q.id} IS NOT NULL AND ${ok} THEN 1 ELSE 0 END AS ok
      FROM knn JOIN ${embeddings} ON ${embeddings.id} = knn.embedding_id
      LEFT JOIN ${q.table} ON ${q.id} = ${embeddings.memoryId}
      ORDER BY knn.distance, ${embeddings.memoryId}`);
    const survivors = rows.filter((r) => r.ok === 1);
    const exhausted = rows.length < k;
    const last = rows.at(-1)?.distance ?? Infinity;
    const kth = survivors[q.topK - 1]?.distance;
    // Anything outside the k nearest is at least `last` away: the top K are settled when the K-th survivor is
    // clearly nearer than that (the margin covers float32 rounding), or when the partition was read entirely.
    if (exhausted || (survivors.length >= q.need && kth !== undefined && kth + 1e-5 < last)) {
      return survivors.slice(0, q.need).map((r) => r.id as string);
    }
    if (k >= K_LIMIT) return undefined;
    k = Math.min(K_LIMIT, k * 8);
  }
}
