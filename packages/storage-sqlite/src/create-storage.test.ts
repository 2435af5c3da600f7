import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@alma/types';
import { createStorage, SqliteStorage } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-sqlite-create-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createStorage (config entry point)', () => {
  it('creates the database directory for a nested path', async () => {
    const path = join(dir, 'nested', 'deeper', 'alma.db');
    const storage = createStorage({ path });
    expect(storage).toBeInstanceOf(SqliteStorage);
    expect(existsSync(path)).toBe(true);
    await storage.close();
  });

  it('accepts :memory: and rejects bad options with a ValidationError', async () => {
    const storage = createStorage({ path: ':memory:' });
    await storage.close();
    expect(() => createStorage({ path: '' })).toThrow(ValidationError);
  });
});
