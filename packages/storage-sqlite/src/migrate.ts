import { existsSync } from 'node:fs';
import { StorageError } from '@alma/types';
import { openForMigrations } from './connection.js';
import { ADAPTER } from './errors.js';
import { applyPending, readStatus, type MigrationResult, type MigrationStatus } from './migrations/runner.js';

export type { MigrationResult, MigrationStatus, MigrationStatusEntry } from './migrations/runner.js';

/**
 * Which schema migrations the database at `path` has and lacks. Reads only; fails when the file does not exist.
 * The same as `npx alma-sqlite migrate status --db <path>`.
 */
export async function migrationStatus(path: string): Promise<MigrationStatus> {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new StorageError(ADAPTER, `Database file '${path}' does not exist.`);
  }
  const db = openForMigrations(path, { mustExist: true });
  try {
    return readStatus(db);
  } finally {
    db.close();
  }
}

/**
 * Applies every pending migration to the database at `path` (created when missing), each in its own transaction.
 * Idempotent. The same as `npx alma-sqlite migrate up --db <path>`.
 */
export async function migrateUp(path: string): Promise<MigrationResult> {
  const db = openForMigrations(path, { mustExist: false });
  try {
    return applyPending(db);
  } finally {
    db.close();
  }
}
