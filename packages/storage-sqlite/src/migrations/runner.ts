import type Database from 'better-sqlite3';
import { byVersion, checkNotNewer, latestVersion, migrationStatusOf, MIGRATIONS_TABLE, padVersion } from '@alma/storage-sql/migrations';
import type { MigrationResult, MigrationStatus } from '@alma/storage-sql/migrations';
import { ADAPTER, toAlmaError, withBusyRetry } from '../errors.js';
import { MIGRATIONS } from './index.js';
import { tableExists, type Migration } from './types.js';

export { MIGRATIONS_TABLE } from '@alma/storage-sql/migrations';
export type { MigrationResult, MigrationStatus, MigrationStatusEntry } from '@alma/storage-sql/migrations';

const WHO = { adapter: ADAPTER, packageName: '@alma/storage-sqlite' };

/** Applied versions and when (`applied_at` is ISO text). */
function appliedVersions(db: Database.Database): Map<number, Date> {
  if (!tableExists(db, MIGRATIONS_TABLE)) return new Map();
  const rows = db.prepare(`SELECT version, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`).all() as Array<{
    version: number;
    applied_at: string;
  }>;
  return new Map(rows.map((r) => [r.version, new Date(r.applied_at)]));
}

/** Which migrations are applied and which are pending. Reads only; never creates anything. */
export function readStatus(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationStatus {
  return migrationStatusOf(withBusyRetry(() => appliedVersions(db)), migrations, WHO);
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
  checkNotNewer(withBusyRetry(() => appliedVersions(db)).keys(), migrations, WHO);
  const applied: Array<{ version: number; name: string }> = [];
  const sorted = byVersion(migrations);
  for (const m of sorted) {
    const ran = withBusyRetry(() =>
      db
        .transaction(() => {
          if (db.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE version = ?`).get(m.version)) return false;
          try {
            m.up(db);
          } catch (error) {
            throw toAlmaError(error, `Migration ${padVersion(m.version)} (${m.name})`);
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
  return { applied, currentVersion: latestVersion(sorted) };
}
