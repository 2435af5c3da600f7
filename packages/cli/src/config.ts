import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ALMA, loadConfigFile, loadStorageAdapter, optionsFromConfig, type AlmaFileConfig, type PortableStorage } from '@alma/core';
import { ConfigError } from '@alma/types';
import type { CliIo } from './io.js';

export const DEFAULT_CONFIG = '.alma/config.yaml';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly path: string;
  /** Validated, with relative store paths resolved against the working directory. */
  readonly config: AlmaFileConfig;
}

/** File options of our adapters that hold a path (resolved against the working directory, like `alma-mcp`). */
const PATH_OPTIONS: Readonly<Record<string, string>> = { sqlite: 'path', memory: 'persistPath' };

export function resolvePath(io: Pick<CliIo, 'cwd'>, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

/** Reads and validates the config `--config` names; a missing file is a ConfigError saying what to do. */
export function readConfig(io: Pick<CliIo, 'cwd' | 'env'>, configOption: string = DEFAULT_CONFIG): LoadedConfig {
  const path = resolvePath(io, configOption);
  if (!existsSync(path)) {
    throw new ConfigError(`config file not found: ${path} (run \`alma init\` or pass --config <path>)`);
  }
  const config = loadConfigFile(path, io.env);
  const key = PATH_OPTIONS[config.storage.adapter];
  const current = config.storage.options as Record<string, unknown>;
  const value = key === undefined ? undefined : current[key];
  if (key === undefined || typeof value !== 'string' || value === ':memory:' || value === '') return { path, config };
  const options = { ...current, [key]: resolvePath(io, value) };
  return { path, config: { ...config, storage: { ...config.storage, options } } };
}

/** Opens the store the config names (its adapter package loaded by name). */
export function openStorage(loaded: LoadedConfig): Promise<PortableStorage> {
  return loadStorageAdapter(loaded.config.storage.adapter, loaded.config.storage.options);
}

/** Runs `fn` with the store open and closes it afterwards, whatever happens. */
export async function withStorage<T>(loaded: LoadedConfig, fn: (store: PortableStorage) => Promise<T>): Promise<T> {
  const store = await openStorage(loaded);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Same with the whole ALMA facade (retrieve, stats). */
export async function withAlma<T>(loaded: LoadedConfig, fn: (alma: ALMA) => Promise<T>): Promise<T> {
  const options = await optionsFromConfig(loaded.config);
  let alma: ALMA;
  try {
    alma = new ALMA(options);
  } catch (error) {
    await options.storage.close();
    throw error;
  }
  try {
    return await fn(alma);
  } finally {
    await alma.close();
  }
}
