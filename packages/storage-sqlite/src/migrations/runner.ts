import type Database from 'better-sqlite3';
import { StorageError } from '@alma/types';
import { ADAPTER, toAlmaError, withBusyRetry } from '../errors.js';
import { MIGRATIONS } from './index.js';
import { tableExists, type Migration } from './types.js';

/** Where applied versions are recorded (distinct from ALMA Python's `_schema_versions`). */
export const MIGRATIONS_TABLE = 'alma_schema_migrations';

export interface MigrationStatusEntry {
  readonly version: number;
  readonly name: string;
  readonly applied: boolean;
  readonly appliedAt?: Date;
}

export interface MigrationStatus {
  /** Highest applied version; null when none is (a new or pre-migration database). */
  readonly currentVersion: number | null;
  readonly latestVersion: number;
  /** Versions not yet applied, ascending. */
  readonly pending: readonly number[];
  readonly migrations: readonly MigrationStatusEntry[];
}

export interface MigrationResult {
  /** What this call applied (empty when the database was up to date). */
  readonly applied: ReadonlyArray<{ version: number; name: string }>;
  readonly currentVersion: number;
}

function appliedVersions(db: Database.Database): Map<number, { name: string; appliedAt: string }> {
  if (!tableExists(db, MIGRATIONS_TABLE)) return new Map();
  const rows = db.prepare(`SELECT version, name, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`).all() as Array<{
    version: number;
    name: string;
    applied_at: string;
  }>;
  return new Map(rows.map((r) => [r.version, { name: r.name, appliedAt: r.applied_at }]));
}

function checkNotNewer(applied: Map<number, unknown>, migrations: readonly Migration[]): void {
  const latest = Math.max(...migrations.map((m) => m.version));
  const newer = [...applied.keys()].filter((v) => v > latest);
  if (newer.length > 0) {
    throw new StorageError(
      ADAPTER,
      `The database schema is at version ${Math.max(...newer)}, newer than this @alma/storage-sqlite knows ` +
        `(${latest}). Upgrade @alma/storage-sqlite.`,
    );
  }
}

/** Which migrations are applied and which are pending. Reads only; never creates anything. */
export function readStatus(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationStatus {
  const applied = withBusyRetry(() => appliedVersions(db));
  checkNotNewer(applied, migrations);
  const entries = migrations.map((m): MigrationStatusEntry => {
    const row = applied.get(m.version);
    return row
      ? { version: m.version, name: m.name, applied: true, appliedAt: new Date(row.appliedAt) }
      : { version: m.version, name: m.name, applied: false };
  });
  const appliedEntries = entries.filter((e) => e.applied);
  return {
    currentVersion: appliedEntries.length > 0 ? Math.max(...appliedEntries.map((e) => e.version)) : null,
    latestVersion: Math.max(...migrations.map((m) => m.version)),
    pending: entries.filter((e) => !e.applied).map((e) => e.version),
    migrations: entries,
  };
}

/**
 * Applies every pending migration in version order, each in its own IMMEDIATE transaction together with the
 * row recording it. Idempotent, and safe when several processes open a new database at once: the applied check
 * is repeated inside the write lock.
 */
export function applyPending(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  withBusyRetry(() =>
    db
      .transaction(() => {
        db.exec(
          `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
        );
      })
      .immediate(),
  );
  checkNotNewer(withBusyRetry(() => appliedVersions(db)), migrations);
  const applied: Array<{ version: number; name: string }> = [];
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    const ran = withBusyRetry(() =>
      db
        .transaction(() => {
          if (db.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE version = ?`).get(m.version)) return false;
          try {
            m.up(db);
          } catch (error) {
            throw toAlmaError(error, `Migration ${String(m.version).padStart(3, '0')} (${m.name})`);
          }
          db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(
            m.version,
            m.name,
            new Date().toISOString(),
          );
          return true;
        })
        .immediate(),
    );
    if (ran) applied.push({ version: m.version, name: m.name });
  }
  return { applied, currentVersion: Math.max(...sorted.map((m) => m.version)) };
}
