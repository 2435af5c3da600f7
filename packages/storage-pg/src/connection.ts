import postgres, { type Sql } from 'postgres';
import { sql as dsql, type SQLWrapper } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { connectionUrl, type ResolvedPostgresStorageOptions } from './options.js';
import { almaTables, type AlmaTables } from './schema/index.js';

/** A drizzle database or transaction over postgres.js. */
export type Db = PgDatabase<PostgresJsQueryResultHKT>;

export interface Connection {
  /** The postgres.js client: the store's own pool, or the caller's. */
  readonly sql: Sql;
  readonly db: Db;
  readonly t: AlmaTables;
  readonly schema: string;
  readonly dim: number;
  /** pgvector's schema as a quoted identifier (set once the extension exists), for `OPERATOR(x.<=>)` and casts. */
  ext: SQLWrapper;
  /** Runs `fn` in a transaction (BEGIN ... COMMIT, ROLLBACK on error). */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Ends the pool when the store owns it; leaves a caller's client alone. Queries still running get `timeoutSeconds`
   * to finish (0: rejected at once, as after a failed open).
   */
  end(timeoutSeconds?: number): Promise<void>;
}

/** The postgres.js client the store opens from its options (never called with a caller-provided client). */
export function openPool(options: ResolvedPostgresStorageOptions): Sql {
  const connection: Record<string, string> = { application_name: options.applicationName ?? 'alma-storage-pg' };
  if (options.statementTimeoutMs !== undefined) connection['statement_timeout'] = String(options.statementTimeoutMs);
  return postgres(connectionUrl(options), {
    max: options.poolSize ?? 10,
    prepare: options.prepare ?? true,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: () => undefined,
    // No array-type lookup on connect: the store binds no PostgreSQL array parameters.
    fetch_types: false,
    connection,
    ...(options.ssl !== undefined ? { ssl: options.ssl as postgres.Options<Record<string, postgres.PostgresType>>['ssl'] } : {}),
  });
}

type Unsafe = Sql['unsafe'];
type Begin = (...args: unknown[]) => Promise<unknown>;

/**
 * The view of a postgres.js client drizzle gets:
 * - its `options` are a copy: drizzle's driver replaces the date parsers and some serializers of the client it wraps,
 *   and a caller's pool must keep working as before for its other users (queries still run on the real client with
 *   its own, untouched options);
 * - every statement asks to be prepared (drizzle asks only for `.prepare()`d queries): postgres.js then caches it
 *   per connection and a repeated query costs one round trip instead of two. The client's own `prepare: false`
 *   (PgBouncer) still wins.
 */
function shielded(client: Sql): Sql {
  const options = {
    ...client.options,
    parsers: { ...client.options.parsers },
    serializers: { ...client.options.serializers },
  };
  const preparing = (sql: Sql): Sql =>
    new Proxy(sql, {
      get(target, key, receiver) {
        if (key === 'options') return options;
        if (key === 'unsafe') {
          return ((query: string, params?: unknown[], opts?: object) =>
            target.unsafe(query, params as never, { ...opts, prepare: true })) as Unsafe;
        }
        if (key === 'begin' || key === 'savepoint') {
          const original = Reflect.get(target, key, receiver) as Begin;
          return (...args: unknown[]) => {
            const fn = args.pop() as (tx: Sql) => unknown;
            return original.call(target, ...args, (tx: Sql) => fn(preparing(tx)));
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
  return preparing(client);
}

export function createConnection(client: Sql, owned: boolean, schema: string, dim: number): Connection {
  const db = drizzle({ client: shielded(client) }) as unknown as Db;
  let ended = false;
  return {
    sql: client,
    db,
    t: almaTables(schema, dim),
    schema,
    dim,
    ext: dsql.identifier('public'),
    tx: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    end: async (timeoutSeconds = 5) => {
      if (!owned || ended) return;
      ended = true;
      await client.end({ timeout: timeoutSeconds });
    },
  };
}
