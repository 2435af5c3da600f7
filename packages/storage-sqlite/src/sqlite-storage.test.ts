import { afterAll, describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, SINGLE_TENANT, StorageError, ValidationError } from '@alma/types';
import { migrateUp, SqliteStorage } from './index.js';
import { guard, toAlmaError, withBusyRetry } from './errors.js';
import { checkpoint, heuristic, storeFactory } from './test-support/fixtures.js';

const stores = storeFactory('alma-sqlite-store-');
afterAll(() => stores.cleanup());

describe('SqliteStorage options and lifecycle', () => {
  it('declares its capabilities', () => {
    expect(stores.memory().capabilities).toEqual({
      name: 'sqlite',
      vectorSearch: 'native',
      transactions: true,
      multiProcess: true,
    });
  });

  it('rejects bad options with a ValidationError naming the option', () => {
    expect(() => new SqliteStorage({ path: '' })).toThrow(ValidationError);
    expect(() => new SqliteStorage({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(/busyTimeoutMs/);
    expect(() => new SqliteStorage({ path: ':memory:', embeddingDim: 0 })).toThrow(/embeddingDim/);
    expect(() => new SqliteStorage({ path: ':memory:', nope: true } as never)).toThrow(/nope/);
  });

  it('applies defaults and opens a file database in WAL mode with the busy timeout', async () => {
    const file = path.join(stores.dir, 'wal.db');
    const store = await SqliteStorage.open({ path: file, busyTimeoutMs: 1234 });
    expect(store.options).toEqual({ path: file, busyTimeoutMs: 1234, autoMigrate: true, mmapSizeBytes: 1024 ** 3 });
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await store.close();
  });

  it('memory-maps the file up to mmapSizeBytes (0: off) and rejects a negative size', async () => {
    const mapped = (store: SqliteStorage): unknown =>
      (store as unknown as { conn: { client: Database.Database } }).conn.client.pragma('mmap_size', { simple: true });
    const file = path.join(stores.dir, 'mmap.db');
    const byDefault = new SqliteStorage({ path: file });
    const small = new SqliteStorage({ path: file, mmapSizeBytes: 64 * 1024 * 1024 });
    const off = new SqliteStorage({ path: file, mmapSizeBytes: 0 });
    expect([mapped(byDefault), mapped(small), mapped(off)]).toEqual([1024 ** 3, 64 * 1024 * 1024, 0]);
    for (const store of [byDefault, small, off]) await store.close();
    expect(() => new SqliteStorage({ path: ':memory:', mmapSizeBytes: -1 })).toThrow(/mmapSizeBytes/);
  });

  it('wraps a database it cannot open in a StorageError naming the adapter, cause kept', () => {
    let caught: unknown;
    try {
      new SqliteStorage({ path: path.join(stores.dir, 'missing-dir', 'x.db') });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).message).toMatch(/^\[sqlite\] Opening SQLite database/);
    expect((caught as StorageError).cause).toBeInstanceOf(Error);
  });

  it('with autoMigrate: false, refuses an unmigrated database and names the command', async () => {
    const file = path.join(stores.dir, 'manual.db');
    expect(() => new SqliteStorage({ path: file, autoMigrate: false })).toThrow(
      /needs schema migrations 0, 1, 2, 3, 4, 5, 6\. Run `npx alma-sqlite migrate up --db /,
    );
    await migrateUp(file);
    const store = new SqliteStorage({ path: file, autoMigrate: false });
    expect((await store.migrate()).applied).toEqual([]);
    expect((await store.migrationStatus()).currentVersion).toBe(6);
    await store.close();
  });

  it('rejects every call after close(), and close() is idempotent', async () => {
    const store = stores.memory();
    await store.close();
    await store.close();
    await expect(store.getMemory('heuristic', 'h', SINGLE_TENANT)).rejects.toThrow(/\[sqlite\] The store is closed/);
    await expect(store.saveCheckpoint(checkpoint('c', 'r'))).rejects.toThrow(StorageError);
  });

  it('two stores on one file see each other’s writes', async () => {
    const file = path.join(stores.dir, 'shared.db');
    const a = new SqliteStorage({ path: file });
    const b = new SqliteStorage({ path: file });
    await a.saveMemory('heuristic', heuristic('h-shared'));
    expect((await b.getMemory('heuristic', 'h-shared', SINGLE_TENANT))?.id).toBe('h-shared');
    expect((await a.saveCheckpoint(checkpoint('c1', 'r'))).seq).toBe(1);
    expect((await b.saveCheckpoint(checkpoint('c2', 'r'))).seq).toBe(2);
    await a.close();
    await b.close();
  });
});

describe('driver error mapping', () => {
  const sqliteError = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

  it('passes ALMA errors through and maps constraint errors to ConflictError', () => {
    const validation = new ValidationError('bad');
    expect(toAlmaError(validation, 'op')).toBe(validation);
    const pk = toAlmaError(sqliteError('SQLITE_CONSTRAINT_PRIMARYKEY'), 'op', { kind: 'heuristic', id: 'h1' });
    expect(pk).toBeInstanceOf(ConflictError);
    expect(pk.message).toBe("A heuristic with id 'h1' already exists.");
    expect(toAlmaError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), 'Saving x')).toBeInstanceOf(ConflictError);
  });

  it('keeps the driver message (not drizzle’s query text with parameters) and the cause chain', () => {
    const driver = sqliteError('SQLITE_IOERR');
    const wrapped = new Error('Failed query: insert ... params: secret', { cause: driver });
    const mapped = toAlmaError(wrapped, 'Saving heuristic');
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped.message).toBe('[sqlite] Saving heuristic failed: boom SQLITE_IOERR');
    expect(mapped.details).toEqual({ code: 'SQLITE_IOERR' });
    expect(mapped.cause).toBe(wrapped);
    expect(toAlmaError('weird', 'op').message).toBe('[sqlite] op failed: weird');
    expect(() => guard('op', () => { throw driver; })).toThrow(StorageError);
  });

  it('retries SQLITE_BUSY, then gives up with the last error', () => {
    let calls = 0;
    expect(
      withBusyRetry(() => {
        calls++;
        if (calls < 3) throw sqliteError('SQLITE_BUSY');
        return 'ok';
      }),
    ).toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    expect(() =>
      withBusyRetry(() => {
        calls++;
        throw sqliteError('SQLITE_BUSY_SNAPSHOT');
      }, 2),
    ).toThrow(/SQLITE_BUSY_SNAPSHOT/);
    expect(calls).toBe(2);
    expect(() => withBusyRetry(() => { throw sqliteError('SQLITE_FULL'); })).toThrow(/SQLITE_FULL/);
  });
});
