import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@alma/types';
import * as memoryAdapter from '@alma/storage-memory';
import { loadStorageAdapter } from './storage-loader.js';

describe('loadStorageAdapter', () => {
  it('loads our adapters by short name through their package', async () => {
    const seen: string[] = [];
    const storage = await loadStorageAdapter('memory', {}, async (s) => {
      seen.push(s);
      return memoryAdapter;
    });
    expect(seen).toEqual(['@alma/storage-memory']);
    expect(storage).toBeInstanceOf(memoryAdapter.MemoryStorage);
  });

  it('tells the user which package to install when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@alma/storage-pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const load = loadStorageAdapter('postgres', {}, async () => {
      throw missing;
    });
    await expect(load).rejects.toBeInstanceOf(ConfigError);
    await expect(load).rejects.toThrow('npm install @alma/storage-pg');
  });

  it('really imports a package name and rejects a module that is not an adapter', async () => {
    await expect(loadStorageAdapter('zod', {})).rejects.toThrow(/does not export createStorage/);
    await expect(loadStorageAdapter('alma-adapter-nope', {})).rejects.toThrow(/npm install alma-adapter-nope/);
  });

  it('reports other load failures with the cause', async () => {
    await expect(
      loadStorageAdapter('x', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow(/failed to load: boom/);
  });
});
