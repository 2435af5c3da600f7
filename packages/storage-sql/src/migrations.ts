import { StorageError } from '@alma/types';

/** Where applied versions are recorded (distinct from ALMA Python's `_schema_versions`). */
export const MIGRATIONS_TABLE = 'alma_schema_migrations';

/** What the status needs to know of a migration. */
export interface MigrationInfo {
  readonly version: number;
  readonly name: string;
}

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

/** Who is migrating, for the message of a database newer than the package: `{ adapter: 'sqlite', packageName: '@alma/storage-sqlite' }`. */
export interface MigratingPackage {
  readonly adapter: string;
  readonly packageName: string;
}

/** `7` → `'007'`, as versions are printed. */
export const padVersion = (version: number): string => String(version).padStart(3, '0');

/** The migrations by version ascending (a copy). */
export const byVersion = <M extends MigrationInfo>(migrations: readonly M[]): M[] =>
  [...migrations].sort((a, b) => a.version - b.version);

export const latestVersion = (migrations: readonly MigrationInfo[]): number => Math.max(...migrations.map((m) => m.version));

/** Refuses a database recording a version this package does not know: an older package must not write to it. */
export function checkNotNewer(applied: Iterable<number>, migrations: readonly MigrationInfo[], who: MigratingPackage): void {
  const latest = latestVersion(migrations);
  const newer = [...applied].filter((v) => v > latest);
  if (newer.length > 0) {
    throw new StorageError(
      who.adapter,
      `The database schema is at version ${Math.max(...newer)}, newer than this ${who.packageName} knows ` +
        `(${latest}). Upgrade ${who.packageName}.`,
    );
  }
}

/**
 * The status of `migrations` given the applied versions and when each was applied; refuses a newer database
 * (`checkNotNewer`).
 */
export function migrationStatusOf(
  applied: ReadonlyMap<number, Date>,
  migrations: readonly MigrationInfo[],
  who: MigratingPackage,
): MigrationStatus {
  checkNotNewer(applied.keys(), migrations, who);
  const entries = migrations.map((m): MigrationStatusEntry => {
    const appliedAt = applied.get(m.version);
    return appliedAt
      ? { version: m.version, name: m.name, applied: true, appliedAt }
      : { version: m.version, name: m.name, applied: false };
  });
  const appliedVersions = entries.filter((e) => e.applied).map((e) => e.version);
  return {
    currentVersion: appliedVersions.length > 0 ? Math.max(...appliedVersions) : null,
    latestVersion: latestVersion(migrations),
    pending: entries.filter((e) => !e.applied).map((e) => e.version),
    migrations: entries,
  };
}
