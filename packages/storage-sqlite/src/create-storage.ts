import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SqliteStorageOptions } from './options.js';
import { SqliteStorage } from './sqlite-storage.js';

/**
 * Adapter entry point used when a config names `storage: { adapter: sqlite, options: { path } }`. A relative path
 * resolves against the working directory and its directory is created, so `path: .alma/alma.db` works on a
 * fresh checkout.
 */
export function createStorage(options: Record<string, unknown>): SqliteStorage {
  const opts = { ...options } as unknown as SqliteStorageOptions;
  if (typeof opts.path === 'string' && opts.path !== '' && opts.path !== ':memory:') {
    const path = resolve(opts.path);
    mkdirSync(dirname(path), { recursive: true });
    return new SqliteStorage({ ...opts, path });
  }
  return new SqliteStorage(opts);
}
