import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StorageError } from '@alma/types';
import { SqliteStorage } from './index.js';

// Every way an open can fail throws a StorageError naming the adapter and the cause, and leaves no file handle
// open: each case counts this process's descriptors that point at the database path afterwards.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-openfail-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Descriptors of this process open on `file` or its -wal / -shm companions. */
function handlesOn(file: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false; // closed between readdir and readlink
    }
  }).length;
}

function failedOpen(file: string): StorageError {
  let error: unknown;
  try {
    new SqliteStorage({ path: file }).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).message).toMatch(/^\[sqlite\] /);
  expect((error as StorageError).cause).toBeDefined();
  expect(handlesOn(file)).toBe(0);
  return error as StorageError;
}

describe('a SQLite store that cannot open', () => {
  it('a path in a folder that does not exist', () => {
    expect(failedOpen(path.join(dir, 'missing', 'alma.db')).message).toMatch(/the directory does not exist/);
  });

  it('a path below a regular file (not a folder)', () => {
    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'not a folder');
    expect(failedOpen(path.join(file, 'alma.db')).message).toMatch(/unable to open database file/);
  });

  it('a place no file can be created in, even as root (procfs)', () => {
    expect(failedOpen('/proc/alma-open-failure.db').message).toMatch(/unable to open database file/);
  });

  it('a file that is not a database', () => {
    const file = path.join(dir, 'garbage.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(failedOpen(file).message).toMatch(/file is not a database/);
    expect(fs.readFileSync(file).equals(Buffer.alloc(8192, 0x5a))).toBe(true); // left as it was
  });

  it('the same file still opens once it is replaced by a real database', async () => {
    const file = path.join(dir, 'garbage.db');
    fs.rmSync(file, { force: true });
    const store = await SqliteStorage.open({ path: file });
    await store.close();
    expect(handlesOn(file)).toBe(0);
  });
});
