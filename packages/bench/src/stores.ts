import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { StorageBackend } from '@alma/types';

export const STORE_NAMES = ['sqlite', 'postgres', 'cosmos', 'memory'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

/** The LangGraph checkpointer run side by side with a store, on the same database engine. */
export interface LangGraphSide {
  /** e.g. "SqliteSaver (file, WAL)". */
  readonly label: string;
  readonly saver: BaseCheckpointSaver;
  close(): Promise<void>;
}

/** A fresh, empty store for one bench run; `close()` removes everything it created. */
export interface OpenedStore {
  readonly name: StoreName;
  /** e.g. "SQLite file (WAL)". */
  readonly label: string;
  readonly storage: StorageBackend;
  /** The database engine and its version, when the opener can tell (e.g. "PostgreSQL 15.20"). */
  readonly engine?: string;
  /** Retrieval sizes above this are not seeded ("not run", with `seedLimitReason`). @default no limit */
  readonly maxMemories?: number;
  readonly seedLimitReason?: string;
  /** Measured retrieval calls at most, for a store too slow for the full count. @default no cap */
  readonly retrievalOpsCap?: number;
  readonly retrievalCapReason?: string;
  /** The LangGraph checkpointer doing the same checkpoint workload on the same engine, if there is one. */
  openLangGraph?(): Promise<LangGraphSide>;
  close(): Promise<void>;
}

export type StoreOpener = () => Promise<OpenedStore>;

const STORE_MODULES = {
  sqlite: () => import('./stores/sqlite.js'),
  postgres: () => import('./stores/postgres.js'),
  cosmos: () => import('./stores/cosmos.js'),
  memory: () => import('./stores/memory.js'),
} as const;

/**
 * Each store's opener, imported lazily so that a store whose driver or server is missing only fails its own rows,
 * and so that the unit test loads none of the network adapters.
 */
export const STORE_OPENERS: Readonly<Record<StoreName, StoreOpener>> = {
  sqlite: async () => (await STORE_MODULES.sqlite()).openSqlite(),
  postgres: async () => (await STORE_MODULES.postgres()).openPostgres(),
  cosmos: async () => (await STORE_MODULES.cosmos()).openCosmos(),
  memory: async () => (await STORE_MODULES.memory()).openMemory(),
};

/**
 * Imports the adapters of `names` up front, so one run measures one consistent snapshot of the sources even when
 * they change while it runs. A failed import is remembered by the module loader and reported when the store opens.
 */
export async function preloadStores(names: readonly StoreName[]): Promise<void> {
  await Promise.all(names.map((name) => STORE_MODULES[name]().catch(() => undefined)));
}

export const STORE_LABELS: Readonly<Record<StoreName, string>> = {
  sqlite: 'SQLite file (WAL)',
  postgres: 'PostgreSQL',
  cosmos: 'Cosmos DB protocol server',
  memory: 'in-memory reference store',
};

/** Why something failed, in one line of at most `max` characters (a failed query's SQL is cut short). */
export function describeError(error: unknown, max = 240): string {
  let text = String(error);
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const tail = cause instanceof Error && !error.message.includes(cause.message) ? ` (${cause.message})` : '';
    text = `${error.message}${tail}`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
