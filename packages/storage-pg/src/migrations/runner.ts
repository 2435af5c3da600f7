import type { Sql, TransactionSql } from 'postgres';
import { StorageError } from '@alma/types';
import { ADAPTER, toAlmaError } from '../errors.js';
import { MIGRATIONS } from './index.js';
import type { Migration, MigrationContext } from './types.js';

/** Where applied versions are recorded, inside the ALMA schema. */
export const MIGRATIONS_TABLE = 'alma_schema_migrations';

export interface MigrationStatusEntry {
  readonly version: number;
  readonly name: string;
  readonly applied: boolean;
  readonly appliedAt?: Date;
}

export interface MigrationStatus {
  /** The PostgreSQL schema the status is about. */
  readonly schema: string;
  /** Highest applied version; null when none is (a new schema, or one left by ALMA v0.5). */
  readonly currentVersion: number | null;
  readonly latestVersion: number;
  /** Versions not yet applied, ascending. */
  readonly pending: readonly number[];
  readonly migrations: readonly MigrationStatusEntry[];
}

export interface MigrationResult {
  readonly schema: string;
  /** What this call applied (empty when the schema was up to date). */
  readonly applied: ReadonlyArray<{ version: number; name: string }>;
  readonly currentVersion: number;
}

export interface MigrationTarget {
  readonly schema: string;
  readonly embeddingDim: number;
}

type Applied = Map<number, { name: string; appliedAt: Date }>;
const pad = (v: number): string => String(v).padStart(3, '0');

async function appliedVersions(sql: Sql | TransactionSql, schema: string): Promise<Applied> {
  const [exists] = await sql<{ table: string | null }[]>`
    SELECT to_regclass(format('%I.%I', ${schema}::text, ${MIGRATIONS_TABLE}::text))::text AS table`;
  if (!exists?.table) return new Map();
  const rows = await sql<{ version: number; name: string; applied_at: Date | string }[]>`
    SELECT version, name, applied_at FROM ${sql(schema)}.${sql(MIGRATIONS_TABLE)} ORDER BY version`;
  return new Map(rows.map((r) => [r.version, { name: r.name, appliedAt: new Date(r.applied_at) }]));
}

function checkNotNewer(applied: Applied, migrations: readonly Migration[]): void {
  const latest = Math.max(...migrations.map((m) => m.version));
  const newer = [...applied.keys()].filter((v) => v > latest);
  if (newer.length > 0) {
    throw new StorageError(
      ADAPTER,
      `The database schema is at version ${Math.max(...newer)}, newer than this @alma/storage-pg knows ` +
        `(${latest}). Upgrade @alma/storage-pg.`,
    );
  }
}

/** Which migrations the schema has and lacks. Reads only; never creates anything. */
export async function readStatus(
  sql: Sql,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  let applied: Applied;
  try {
    applied = await appliedVersions(sql, schema);
  } catch (error) {
    throw toAlmaError(error, `Reading the migration status of schema '${schema}'`);
  }
  checkNotNewer(applied, migrations);
  const entries = migrations.map((m): MigrationStatusEntry => {
    const row = applied.get(m.version);
    return row
      ? { version: m.version, name: m.name, applied: true, appliedAt: row.appliedAt }
      : { version: m.version, name: m.name, applied: false };
  });
  const appliedVersionsList = entries.filter((e) => e.applied).map((e) => e.version);
  return {
    schema,
    currentVersion: appliedVersionsList.length > 0 ? Math.max(...appliedVersionsList) : null,
    latestVersion: Math.max(...migrations.map((m) => m.version)),
    pending: entries.filter((e) => !e.applied).map((e) => e.version),
    migrations: entries,
  };
}

function contextFor(tx: TransactionSql, target: MigrationTarget): MigrationContext {
  return {
    tx,
    schema: target.schema,
    dim: target.embeddingDim,
    async useSchema() {
      const [row] = await tx<{ ext: string | null }[]>`
        SELECT (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'vector') AS ext`;
      if (!row?.ext) {
        throw new StorageError(ADAPTER, 'The pgvector extension is not installed in this database (CREATE EXTENSION vector).');
      }
      await tx`SELECT set_config('search_path', format('%I, %I', ${target.schema}::text, ${row.ext}::text), true)`;
    },
  };
}

/**
 * Applies every pending migration in version order, in one transaction together with the rows recording them:
 * the schema is never left half-migrated, and a failing migration rolls back the whole call (every version stays
 * pending). The transaction holds the schema's advisory lock (transaction-scoped, so it works behind PgBouncer):
 * a second process migrating at the same time waits, then finds the versions recorded and applies nothing.
 * Idempotent.
 */
export async function applyPending(
  sql: Sql,
  target: MigrationTarget,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const latest = Math.max(...sorted.map((m) => m.version));
  const before = await readStatus(sql, target.schema, sorted);
  if (before.pending.length === 0) return { schema: target.schema, applied: [], currentVersion: latest };
  let current: Migration | undefined;
  try {
    const applied = await sql.begin(async (tx) => {
      const table = tx`${tx(target.schema)}.${tx(MIGRATIONS_TABLE)}`;
      // Quiet "already exists" notices; no WAL flush wait at COMMIT (a crash can only lose the whole transaction,
      // migrations and version rows together, which then runs again).
      await tx`SELECT set_config('client_min_messages', 'warning', true), set_config('synchronous_commit', 'off', true),
        pg_advisory_xact_lock(hashtext('alma-storage-pg'), hashtext(${target.schema}))`;
      if (before.currentVersion === null) {
        await tx`CREATE SCHEMA IF NOT EXISTS ${tx(target.schema)}`;
        await tx`CREATE TABLE IF NOT EXISTS ${table} (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`;
      }
      const done = await appliedVersions(tx, target.schema);
      checkNotNewer(done, sorted);
      const ran: Array<{ version: number; name: string }> = [];
      for (const m of sorted) {
        if (done.has(m.version)) continue;
        current = m;
        await m.up(contextFor(tx, target));
        await tx`INSERT INTO ${table} (version, name) VALUES (${m.version}, ${m.name})`;
        ran.push({ version: m.version, name: m.name });
      }
      return ran;
    });
    return { schema: target.schema, applied, currentVersion: latest };
  } catch (error) {
    const which = current ? `Migration ${pad(current.version)} (${current.name})` : 'Migrating';
    throw toAlmaError(error, `${which} of schema '${target.schema}'`);
  }
}
