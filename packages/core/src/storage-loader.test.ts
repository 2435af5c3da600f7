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

  it('really imports a package name and rejects a module that is not an adapter, listing the known names', async () => {
    const notAdapter = loadStorageAdapter('zod', {});
    await expect(notAdapter).rejects.toBeInstanceOf(ConfigError);
    await expect(notAdapter).rejects.toThrow(/Unknown storage adapter 'zod' \(package zod does not export createStorage\(options\)\)\. Use one of sqlite, memory, postgres/);
  });

  it('answers an unknown name with the known list, never "npm install <that name>"', async () => {
    const error = (await loadStorageAdapter('mongo', {}).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Unknown storage adapter 'mongo' \(no installed package has this name\)\. Use one of sqlite, memory, postgres \(postgresql\), cosmos \(azure\)/);
    expect(error.message).not.toMatch(/npm install mongo/);
    expect(error.message).not.toMatch(/Did you mean/);
  });

  it('suggests the known name closest to a typo', async () => {
    await expect(loadStorageAdapter('sqllite', {})).rejects.toThrow(/Did you mean 'sqlite'\?/);
    await expect(loadStorageAdapter('postgress', {})).rejects.toThrow(/Did you mean 'postgres'\?/);
    await expect(loadStorageAdapter('Cosmo', {})).rejects.toThrow(/Did you mean 'cosmos'\?/);
  });

  it('reports other load failures with the cause', async () => {
    await expect(
      loadStorageAdapter('x', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow(/failed to load: boom/);
  });
});
