import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ADAPTER_PACKAGES } from '@alma/core';
import { ConfigError } from '@alma/types';
import { openStorage, type LoadedConfig } from './config.js';

export interface MigrationEntry {
  readonly version: number;
  readonly name: string;
  readonly applied: boolean;
  readonly appliedAt?: Date;
}

/** What `alma migrate status|up` reports, whatever the adapter. */
export interface MigrationReport {
  readonly adapter: string;
  /** What was migrated: a file, a schema, a database. */
  readonly target: string;
  readonly currentVersion: number | null;
  readonly latestVersion: number;
  readonly pending: readonly number[];
  readonly migrations: readonly MigrationEntry[];
  /** `up` only: what this call applied. */
  readonly applied?: ReadonlyArray<{ version: number; name: string }>;
  /** For stores without versioned migrations. */
  readonly note?: string;
}

interface StatusLike {
  currentVersion: number | null;
  latestVersion: number;
  pending: readonly number[];
  migrations: readonly MigrationEntry[];
}
interface ResultLike {
  applied: ReadonlyArray<{ version: number; name: string }>;
}
interface SqliteModule {
  migrationStatus(path: string): Promise<StatusLike>;
  migrateUp(path: string): Promise<ResultLike>;
  MIGRATIONS: ReadonlyArray<{ version: number; name: string }>;
}
interface PgModule {
  migrationStatus(options: Record<string, unknown>): Promise<StatusLike & { schema: string }>;
  migrateUp(options: Record<string, unknown>): Promise<ResultLike & { schema: string }>;
}

/** Imports an adapter package by its config name; a missing package says what to install. */
export async function importAdapter<T>(adapter: string, importer = (s: string): Promise<unknown> => import(s)): Promise<T> {
  const specifier = ADAPTER_PACKAGES[adapter] ?? adapter;
  try {
    return (await importer(specifier)) as T;
  } catch (error) {
    throw new ConfigError(
      `cannot load the storage adapter package ${specifier} (${(error as Error).message}); is it installed? \`npm install ${specifier}\``,
      { cause: error },
    );
  }
}

/** ALMA (Python) option names accepted by the PostgreSQL adapter's createStorage, for its migrate functions. */
const PG_ALIASES: Readonly<Record<string, string>> = {
  pool_size: 'poolSize', embedding_dim: 'embeddingDim', statement_timeout_ms: 'statementTimeoutMs',
};
const PG_PARTS = ['host', 'port', 'database', 'user', 'password', 'ssl_mode'];

export function pgMigrateOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (PG_PARTS.includes(key)) parts[key] = value;
    else if (key !== 'autoMigrate' && key !== 'auto_migrate') out[PG_ALIASES[key] ?? key] = value;
  }
  if (Object.keys(parts).length > 0 && out['url'] === undefined) {
    const url = new URL('postgres://localhost');
    url.hostname = String(parts['host'] ?? '127.0.0.1');
    url.port = String(parts['port'] ?? 5432);
    url.username = String(parts['user'] ?? 'postgres');
    if (parts['password'] !== undefined && parts['password'] !== '') url.password = String(parts['password']);
    url.pathname = `/${String(parts['database'] ?? 'alma_memory')}`;
    if (typeof parts['ssl_mode'] === 'string' && parts['ssl_mode'] !== 'disable') url.searchParams.set('sslmode', parts['ssl_mode']);
    out['url'] = url.toString();
  }
  return out;
}

const schemaless = (adapter: string, target: string, note: string): MigrationReport => ({
  adapter, target, currentVersion: null, latestVersion: 0, pending: [], migrations: [], note,
});

/** `alma migrate status` (read only) or `up` for whichever store the config names. */
export async function runMigrations(loaded: LoadedConfig, action: 'status' | 'up'): Promise<MigrationReport> {
  const { adapter } = loaded.config.storage;
  const options = loaded.config.storage.options as Record<string, unknown>;
  const pkg = ADAPTER_PACKAGES[adapter] ?? adapter;
  if (pkg === '@alma/storage-sqlite') {
    const path = typeof options['path'] === 'string' ? options['path'] : '';
    if (!path) throw new ConfigError(`${loaded.path}: storage.options.path (the SQLite file) is required`);
    const mod = await importAdapter<SqliteModule>(adapter);
    if (action === 'status' && path !== ':memory:' && !existsSync(path)) {
      const migrations = mod.MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied: false }));
      return {
        adapter: 'sqlite', target: path, currentVersion: null, latestVersion: Math.max(...migrations.map((m) => m.version)),
        pending: migrations.map((m) => m.version), migrations, note: 'the database file does not exist yet',
      };
    }
    if (action === 'up' && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const applied = action === 'up' ? (await mod.migrateUp(path)).applied : undefined;
    return { adapter: 'sqlite', target: path, ...(await mod.migrationStatus(path)), ...(applied ? { applied } : {}) };
  }
  if (pkg === '@alma/storage-pg') {
    const mod = await importAdapter<PgModule>(adapter);
    const opts = pgMigrateOptions(options);
    const applied = action === 'up' ? (await mod.migrateUp(opts)).applied : undefined;
    const { schema, ...status } = await mod.migrationStatus(opts);
    return { adapter: 'postgres', target: `schema ${schema}`, ...status, ...(applied ? { applied } : {}) };
  }
  if (pkg === '@alma/storage-cosmos') {
    const note = 'Cosmos DB has no schema migrations: the store creates its database and containers when it opens';
    if (action === 'up') await (await openStorage(loaded)).close();
    return schemaless('cosmos', `database ${String(options['databaseId'] ?? 'alma')}`, action === 'up' ? `${note} (done)` : note);
  }
  if (pkg === '@alma/storage-memory') return schemaless('memory', 'in-memory store', 'the memory store has no schema to migrate');
  throw new ConfigError(`alma migrate does not know the adapter '${adapter}'; use that adapter's own migration tool`);
}
