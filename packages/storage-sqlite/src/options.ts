import { z } from 'zod';
import { parseInput } from '@alma/types';

/** Options of `SqliteStorage`. */
export interface SqliteStorageOptions {
  /** Database file path (created when missing; its directory must exist), or ':memory:' for a private in-memory
   * database that lives as long as the store. */
  readonly path: string;
  /**
   * The embedding dimension you write (e.g. 384 for all-MiniLM-L6-v2). When set, a sqlite-vec `vec0` index for this
   * dimension is created (once, kept in sync by triggers for every writer) and large similarity queries use it;
   * results are identical with or without it. Embeddings of any dimension are stored either way, and a similarity
   * query only ranks records of the query's dimension.
   * @default undefined (no vec0 index: exact brute-force ranking with `vec_distance_cosine`)
   */
  readonly embeddingDim?: number;
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY, in ms.
   * @default 5000 */
  readonly busyTimeoutMs?: number;
  /** Apply pending schema migrations when the store opens. With `false`, a database that needs migrations is
   * rejected with a message naming the command that applies them.
   * @default true */
  readonly autoMigrate?: boolean;
  /**
   * Bytes of the database file the connection memory-maps (`PRAGMA mmap_size`): reads of mapped pages skip
   * SQLite's page cache (2 MB by default), which a similarity query reading every vector of a type outgrows — about
   * a third faster at 100,000 memories. Address space only: the pages stay in the OS file cache. 0 turns it off.
   * @default 1073741824 (1 GiB)
   */
  readonly mmapSizeBytes?: number;
}

const optionsSchema = z
  .object({
    path: z.string().min(1, 'must be a file path or ":memory:"'),
    embeddingDim: z.number().int().min(1).max(8192).optional(),
    busyTimeoutMs: z.number().int().min(0).max(2_147_483_647).default(5000),
    autoMigrate: z.boolean().default(true),
    mmapSizeBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1024 ** 3),
  })
  .strict();

export type ResolvedSqliteStorageOptions = z.output<typeof optionsSchema>;

/** Validates options; throws ValidationError naming each bad option. */
export function resolveOptions(options: SqliteStorageOptions): ResolvedSqliteStorageOptions {
  return parseInput(optionsSchema, options, 'SqliteStorage options');
}
