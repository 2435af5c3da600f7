import type { TransactionSql } from 'postgres';

/** What a migration's `up` gets: the open transaction (the runner holds the schema's advisory lock in it). */
export interface MigrationContext {
  readonly tx: TransactionSql;
  /** The ALMA schema being migrated. */
  readonly schema: string;
  /** The dimension of every `vector` column. */
  readonly dim: number;
  /**
   * `SET LOCAL search_path` to the ALMA schema, then pgvector's schema: the migration's DDL names tables, the
   * `vector` type and `vector_cosine_ops` unqualified. Lasts until the transaction ends.
   */
  useSchema(): Promise<void>;
}

/** One versioned schema change. `up` runs inside the transaction the runner opened for it. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(ctx: MigrationContext): Promise<void>;
}
