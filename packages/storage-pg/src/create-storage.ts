import { ConfigError } from '@alma/types';
import type { PostgresStorageOptions } from './options.js';
import { PostgresStorage } from './postgres-storage.js';

/** ALMA (Python) config keys, accepted beside this package's own option names. */
const ALIASES: Readonly<Record<string, keyof PostgresStorageOptions>> = {
  pool_size: 'poolSize',
  embedding_dim: 'embeddingDim',
  statement_timeout_ms: 'statementTimeoutMs',
  auto_migrate: 'autoMigrate',
};
const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
const PARTS = ['host', 'port', 'database', 'user', 'password', 'ssl_mode'] as const;

/** `host`/`port`/`database`/`user`/`password`/`ssl_mode` (ALMA's `postgres:` config section) as a url. */
function urlFromParts(parts: Record<string, unknown>): string {
  const url = new URL('postgres://localhost');
  url.hostname = String(parts['host'] ?? '127.0.0.1');
  url.port = String(parts['port'] ?? 5432);
  url.username = String(parts['user'] ?? 'postgres');
  if (parts['password'] !== undefined && parts['password'] !== '') url.password = String(parts['password']);
  url.pathname = `/${String(parts['database'] ?? 'alma_memory')}`;
  const mode = parts['ssl_mode'];
  if (mode !== undefined) {
    if (typeof mode !== 'string' || !SSL_MODES.has(mode)) {
      throw new ConfigError(`storage options: ssl_mode must be one of ${[...SSL_MODES].join(', ')}.`);
    }
    if (mode !== 'disable') url.searchParams.set('sslmode', mode);
  }
  return url.toString();
}

/**
 * Adapter entry point used when a config names `storage: { adapter: postgres, options: {...} }`. Takes this
 * package's options (`url`, `schema`, `embeddingDim` ...), or ALMA's `postgres:` section (`host`, `port`,
 * `database`, `user`, `password`, `pool_size`, `schema`, `ssl_mode`, `embedding_dim`).
 */
export async function createStorage(options: Record<string, unknown> = {}): Promise<PostgresStorage> {
  const opts: Record<string, unknown> = {};
  const parts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if ((PARTS as readonly string[]).includes(key)) parts[key] = value;
    else opts[ALIASES[key] ?? key] = value;
  }
  if (Object.keys(parts).length > 0) {
    if (opts['url'] !== undefined) throw new ConfigError('storage options: give either url or host/port/database/user/password, not both.');
    opts['url'] = urlFromParts(parts);
  }
  return PostgresStorage.open(opts as PostgresStorageOptions);
}
