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

/** The short names users write in a config, for messages: each of our adapters once. */
export const KNOWN_ADAPTERS = 'sqlite, memory, postgres (postgresql), cosmos (azure)';

/** Edit distance, to suggest a known short name for a typo ('sqllite', 'postgress'). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function suggestion(adapter: string): string {
  const near = Object.keys(ADAPTER_PACKAGES).find((name) => distance(adapter.toLowerCase(), name) <= 2);
  return near === undefined ? '' : ` Did you mean '${near}'?`;
}

/** A name that is none of ours and not an installed adapter package: say what the known names are. */
function unknownAdapter(adapter: string, problem: string, cause?: unknown): ConfigError {
  return new ConfigError(
    `Unknown storage adapter '${adapter}' (${problem}).${suggestion(adapter)} Use one of ${KNOWN_ADAPTERS}, or the ` +
      `npm package name of a third-party ALMA adapter (installed with npm install <package>).`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Loads the storage adapter a config names, by package, so users install only the adapter they use. A missing
 * package of ours is a ConfigError saying what to install; any other name is tried as an installed third-party
 * adapter package, and when there is none (or it is no adapter) the error lists the known names instead of
 * suggesting to install an unrelated package.
 */
export async function loadStorageAdapter(
  adapter: string,
  options: Record<string, unknown>,
  importer: ModuleImporter = (specifier) => import(specifier),
): Promise<StorageBackend> {
  const ours = ADAPTER_PACKAGES[adapter];
  const specifier = ours ?? adapter;
  let mod: unknown;
  try {
    mod = await importer(specifier);
  } catch (error) {
    if (isModuleNotFound(error, specifier)) {
      if (ours === undefined) throw unknownAdapter(adapter, 'no installed package has this name', error);
      throw new ConfigError(`Storage adapter '${adapter}' needs the package ${specifier}: run \`npm install ${specifier}\`.`, {
        cause: error,
      });
    }
    throw new ConfigError(`Storage adapter package ${specifier} failed to load: ${(error as Error).message}`, { cause: error });
  }
  const createStorage = (mod as Partial<StorageAdapterModule>)?.createStorage;
  if (typeof createStorage !== 'function') {
    if (ours === undefined) throw unknownAdapter(adapter, `package ${specifier} does not export createStorage(options)`);
    throw new ConfigError(`Package ${specifier} does not export createStorage(options); it is not an ALMA storage adapter.`);
  }
  return createStorage(options);
}
