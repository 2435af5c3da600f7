import type { Sql } from 'postgres';
import { openPool } from './connection.js';
import { applyPending, readStatus, type MigrationResult, type MigrationStatus } from './migrations/runner.js';
import { resolveOptions, type PostgresStorageOptions } from './options.js';

export type { MigrationResult, MigrationStatus, MigrationStatusEntry } from './migrations/runner.js';

/** Where to migrate: the connection options of `PostgresStorage` (`autoMigrate` does not apply). */
export type MigrateOptions = Omit<PostgresStorageOptions, 'autoMigrate'>;

async function withClient<T>(options: MigrateOptions, fn: (sql: Sql, schema: string, dim: number) => Promise<T>): Promise<T> {
  const resolved = resolveOptions({ ...options, autoMigrate: false });
  const sql = resolved.client ?? openPool({ ...resolved, poolSize: resolved.poolSize ?? 1 });
  try {
    return await fn(sql, resolved.schema, resolved.embeddingDim);
  } finally {
    if (!resolved.client) await sql.end({ timeout: 5 });
  }
}

/**
 * Which schema migrations the schema has and lacks. Reads only. The same as
 * `npx alma-pg migrate status --url <url> --schema <schema>`.
 */
export function migrationStatus(options: MigrateOptions = {}): Promise<MigrationStatus> {
  return withClient(options, (sql, schema) => readStatus(sql, schema));
}

/**
 * Applies every pending migration to the schema (created when missing), each in its own transaction under the
 * schema's advisory lock. Idempotent and safe to run from several processes at once. The same as
 * `npx alma-pg migrate up --url <url> --schema <schema> --dim <embeddingDim>`.
 */
export function migrateUp(options: MigrateOptions = {}): Promise<MigrationResult> {
  return withClient(options, (sql, schema, embeddingDim) => applyPending(sql, { schema, embeddingDim }));
}
