import { ConfigError, type StorageBackend } from '@alma/types';

/** Short names for our own adapters; anything else is taken as an npm package name. */
export const ADAPTER_PACKAGES: Readonly<Record<string, string>> = {
  sqlite: '@alma/storage-sqlite',
  memory: '@alma/storage-memory',
  postgres: '@alma/storage-pg',
  postgresql: '@alma/storage-pg',
  cosmos: '@alma/storage-cosmos',
  azure: '@alma/storage-cosmos',
};

/** What an adapter package exports so it can be loaded by name from configuration. */
export interface StorageAdapterModule {
  createStorage(options: Record<string, unknown>): Promise<StorageBackend> | StorageBackend;
}

export type ModuleImporter = (specifier: string) => Promise<unknown>;

const isModuleNotFound = (error: unknown, specifier: string): boolean => {
  const e = error as { code?: string; message?: string };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(specifier)
  );
};

/**
 * Loads the storage adapter a config names, by package, so users install only the adapter they use. A missing
 * package is a ConfigError saying what to install.
 */
export async function loadStorageAdapter(
  adapter: string,
  options: Record<string, unknown>,
  importer: ModuleImporter = (specifier) => import(specifier),
): Promise<StorageBackend> {
  const specifier = ADAPTER_PACKAGES[adapter] ?? adapter;
  let mod: unknown;
  try {
    mod = await importer(specifier);
  } catch (error) {
    if (isModuleNotFound(error, specifier)) {
      throw new ConfigError(`Storage adapter '${adapter}' needs the package ${specifier}: run \`npm install ${specifier}\`.`, {
        cause: error,
      });
    }
    throw new ConfigError(`Storage adapter package ${specifier} failed to load: ${(error as Error).message}`, { cause: error });
  }
  const createStorage = (mod as Partial<StorageAdapterModule>)?.createStorage;
  if (typeof createStorage !== 'function') {
    throw new ConfigError(`Package ${specifier} does not export createStorage(options); it is not an ALMA storage adapter.`);
  }
  return createStorage(options);
}
