import type { Sql } from 'postgres';
import { releaseAll } from '@alma/storage-conformance';
import { migrateUp } from '../migrate.js';
import { PostgresStorage } from '../postgres-storage.js';
import type { PostgresStorageOptions } from '../options.js';
import { dropSchemas, PG_URL, uniqueSchema } from './pg.js';

export interface StoreFactory {
  /** A store on a fresh, migrated schema of its own; the schema is dropped (in the background) once it closes. */
  open(embeddingDim: number, options?: Omit<PostgresStorageOptions, 'schema' | 'embeddingDim'>): Promise<PostgresStorage>;
  /** Closes every store it opened that is still open, waits for background migrations and drops, drops the rest. */
  cleanup(): Promise<void>;
}

/**
 * Fresh schemas for many short tests without paying for migrations on the critical path: while one test runs, the
 * next schema is migrated in the background (through the admin client), and closed stores' schemas are dropped in
 * the background. Every store still gets a schema no other store ever used.
 */
export function storeFactory(admin: Sql, label: string): StoreFactory {
  const schemas = new Set<string>();
  const open = new Set<PostgresStorage>();
  const pending: Array<Promise<unknown>> = [];
  let next: { dim: number; ready: Promise<string> } | undefined;
  const prepare = (dim: number) => {
    const schema = uniqueSchema(label);
    schemas.add(schema);
    const ready = migrateUp({ client: admin, schema, embeddingDim: dim }).then(() => schema);
    ready.catch(() => undefined); // surfaced when awaited by open()
    return { dim, ready };
  };
  const drop = (schema: string) => {
    schemas.delete(schema);
    pending.push(dropSchemas(admin, [schema]).catch(() => schemas.add(schema)));
  };
  return {
    async open(embeddingDim, options = {}) {
      const prepared = next?.dim === embeddingDim ? next : prepare(embeddingDim);
      next = prepare(embeddingDim);
      const schema = await prepared.ready;
      const store = await PostgresStorage.open({ url: PG_URL, poolSize: 4, ...options, schema, embeddingDim });
      open.add(store);
      const close = store.close.bind(store);
      store.close = async () => {
        open.delete(store);
        await close();
        drop(schema);
      };
      return store;
    },
    async cleanup() {
      await releaseAll(
        ...[...open].map((store) => () => store.close()),
        async () => {
          if (next) await next.ready.catch(() => undefined);
          next = undefined;
          await Promise.all(pending);
        },
        () => dropSchemas(admin, [...schemas]),
      );
    },
  };
}
