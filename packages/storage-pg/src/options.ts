import type { ConnectionOptions } from 'node:tls';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { ConfigError, parseInput } from '@alma/types';

/** The server the adapter talks to when neither `url` nor `client` is given. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Largest embedding dimension a pgvector `vector` column can index with HNSW. */
export const MAX_INDEXED_DIM = 2000;

/** Options of `PostgresStorage`. */
export interface PostgresStorageOptions {
  /**
   * Connection string, e.g. `postgres://user:pass@db.example.com:5432/alma?sslmode=require`.
   * @default process.env.ALMA_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
   */
  readonly url?: string;
  /**
   * Bring your own pool: a postgres.js client the store uses instead of opening one. `close()` then leaves it
   * open (you end it). Connection options (`url`, `poolSize`, `ssl`, `prepare`, `statementTimeoutMs`,
   * `connectTimeoutSeconds`, `applicationName`) are the client's own and must not be given with it.
   * @default undefined (the store opens and owns a pool)
   */
  readonly client?: Sql;
  /**
   * The PostgreSQL schema holding ALMA's tables; several deployments can share one database with different
   * schemas. Created when missing. An ALMA (Python) v0.5 database usually has its tables in `public`.
   * @default 'alma'
   */
  readonly schema?: string;
  /**
   * The dimension of every embedding (e.g. 384 for all-MiniLM-L6-v2). Embedding columns are `vector(embeddingDim)`
   * with HNSW indexes; writes of another dimension are rejected with ValidationError, and similarity queries of
   * another dimension return []. Fixed when the schema is created: reopening it with another value is a ConfigError.
   * @default 384
   */
  readonly embeddingDim?: number;
  /** Maximum number of connections in the pool the store opens. @default 10 */
  readonly poolSize?: number;
  /**
   * `statement_timeout` of the store's connections, in milliseconds (sent as a startup parameter: behind PgBouncer
   * list it in `ignore_startup_parameters`, or leave this unset and configure it on the server).
   * @default undefined (the server's setting)
   */
  readonly statementTimeoutMs?: number;
  /**
   * TLS, passed to postgres.js as is: `true`, `'require'`, `'prefer'`, `'allow'`, `'verify-full'` or a
   * `tls.connect` options object (ca, cert, key, rejectUnauthorized ...).
   * @default undefined (`sslmode` of the url, else no TLS)
   */
  readonly ssl?: boolean | 'require' | 'allow' | 'prefer' | 'verify-full' | ConnectionOptions;
  /**
   * Use named prepared statements. Set `false` behind PgBouncer in transaction pooling mode.
   * @default true
   */
  readonly prepare?: boolean;
  /** Seconds to wait for a connection before failing. @default 10 */
  readonly connectTimeoutSeconds?: number;
  /** `application_name` of the store's connections (visible in pg_stat_activity). @default 'alma-storage-pg' */
  readonly applicationName?: string;
  /**
   * Apply pending schema migrations when the store opens. With `false`, a schema that needs migrations is rejected
   * with a message naming the command that applies them.
   * @default true
   */
  readonly autoMigrate?: boolean;
}

/** A schema name: an unquoted PostgreSQL identifier (it is still always quoted in SQL). */
export const schemaNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be 1..63 letters, digits or _, not starting with a digit')
  .refine((s) => !/^pg_/i.test(s), 'must not start with pg_ (reserved by PostgreSQL)');

const optionsSchema = z
  .object({
    url: z.string().min(1, 'must not be empty').optional(),
    client: z.custom<Sql>((v) => typeof v === 'function' && typeof (v as Sql).begin === 'function', {
      message: 'must be a postgres.js client (the function returned by postgres())',
    }).optional(),
    schema: schemaNameSchema.default('alma'),
    embeddingDim: z.number().int().min(1).max(MAX_INDEXED_DIM).default(384),
    poolSize: z.number().int().min(1).max(1000).optional(),
    statementTimeoutMs: z.number().int().min(0).max(2_147_483_647).optional(),
    ssl: z
      .union([z.boolean(), z.enum(['require', 'allow', 'prefer', 'verify-full']), z.record(z.string(), z.unknown())])
      .optional(),
    prepare: z.boolean().optional(),
    connectTimeoutSeconds: z.number().positive().max(3600).optional(),
    applicationName: z.string().min(1).max(63).optional(),
    autoMigrate: z.boolean().default(true),
  })
  .strict();

export type ResolvedPostgresStorageOptions = z.output<typeof optionsSchema>;

const CONNECTION_KEYS = [
  'url',
  'poolSize',
  'ssl',
  'prepare',
  'statementTimeoutMs',
  'connectTimeoutSeconds',
  'applicationName',
] as const;

/** Validates options; throws ValidationError naming each bad option, ConfigError for contradicting ones. */
export function resolveOptions(options: PostgresStorageOptions = {}): ResolvedPostgresStorageOptions {
  const resolved = parseInput(optionsSchema, options, 'PostgresStorage options');
  if (resolved.client) {
    const clashing = CONNECTION_KEYS.filter((key) => resolved[key] !== undefined);
    if (clashing.length > 0) {
      throw new ConfigError(
        `PostgresStorage options: ${clashing.join(', ')} cannot be combined with \`client\` ` +
          '(a caller-provided pool keeps its own connection settings).',
      );
    }
  }
  return resolved;
}

/** The url the store connects to: the option, else ALMA_PG_URL, else the local default. */
export function connectionUrl(options: Pick<PostgresStorageOptions, 'url'>): string {
  return options.url ?? process.env['ALMA_PG_URL'] ?? DEFAULT_PG_URL;
}

/** The url without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable url)';
  }
}
