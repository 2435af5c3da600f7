import type { Sql, TransactionSql } from 'postgres';
import { StorageError } from '@alma/types';
import { byVersion, checkNotNewer, latestVersion, migrationStatusOf, MIGRATIONS_TABLE, padVersion } from '@alma/storage-sql/migrations';
import type { MigrationResult as SqlMigrationResult, MigrationStatus as SqlMigrationStatus } from '@alma/storage-sql/migrations';
import { ADAPTER, toAlmaError } from '../errors.js';
import { MIGRATIONS } from './index.js';
import type { Migration, MigrationContext } from './types.js';

export { MIGRATIONS_TABLE } from '@alma/storage-sql/migrations';
export type { MigrationStatusEntry } from '@alma/storage-sql/migrations';

export interface MigrationStatus extends SqlMigrationStatus {
  /** The PostgreSQL schema the status is about. */
  readonly schema: string;
}

export interface MigrationResult extends SqlMigrationResult {
  readonly schema: string;
}

export interface MigrationTarget {
  readonly schema: string;
  readonly embeddingDim: number;
}

const WHO = { adapter: ADAPTER, packageName: '@alma/storage-pg' };

async function appliedVersions(sql: Sql | TransactionSql, schema: string): Promise<Map<number, Date>> {
  const [exists] = await sql<{ table: string | null }[]>`
    SELECT to_regclass(format('%I.%I', ${schema}::text, ${MIGRATIONS_TABLE}::text))::text AS table`;
  if (!exists?.table) return new Map();
  const rows = await sql<{ version: number; applied_at: Date | string }[]>`
    SELECT version, applied_at FROM ${sql(schema)}.${sql(MIGRATIONS_TABLE)} ORDER BY version`;
  return new Map(rows.map((r) => [r.version, new Date(r.applied_at)]));
}

/** Which migrations the schema has and lacks. Reads only; never creates anything. */
export async function readStatus(
  sql: Sql,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  let applied: Map<number, Date>;
  try {
    applied = await appliedVersions(sql, schema);
  } catch (error) {
    throw toAlmaError(error, `Reading the migration status of schema '${schema}'`);
  }
  return { schema, ...migrationStatusOf(applied, migrations, WHO) };
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
  const sorted = byVersion(migrations);
  const latest = latestVersion(sorted);
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
      checkNotNewer(done.keys(), sorted, WHO);
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
    const which = current ? `Migration ${padVersion(current.version)} (${current.name})` : 'Migrating';
    throw toAlmaError(error, `${which} of schema '${target.schema}'`);
  }
}
