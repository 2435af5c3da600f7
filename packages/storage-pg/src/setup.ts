import { sql as dsql } from 'drizzle-orm';
import { ConfigError, StorageError } from '@alma/types';
import type { Connection } from './connection.js';
import { ADAPTER, toAlmaError } from './errors.js';
import { applyPending, readStatus } from './migrations/runner.js';
import { redactUrl, type ResolvedPostgresStorageOptions } from './options.js';

/** The command that applies pending migrations, for error messages (password redacted). */
export function migrateCommand(options: ResolvedPostgresStorageOptions, url: string): string {
  return `npx alma-pg migrate up --url '${redactUrl(url)}' --schema ${options.schema} --dim ${options.embeddingDim}`;
}

/**
 * The store's first query, bounded in time. postgres.js retries a connection whose TCP connect never completes (a
 * host behind a firewall that drops packets) again and again without failing the queued query, so an open would hang
 * forever. After the connect timeout (plus a second for the query) this rejects with a StorageError; the caller then
 * ends the pool, which rejects the queued query.
 */
export async function firstContact(conn: Connection, seconds: number, where: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new StorageError(
          ADAPTER,
          `Connecting to ${where} failed: no answer within ${seconds} s (connectTimeoutSeconds). Is the server running ` +
            'and reachable?',
          { cause: Object.assign(new Error(`connect ETIMEDOUT ${where}`), { code: 'ETIMEDOUT' }) },
        ),
      );
    }, (seconds + 1) * 1000);
  });
  try {
    await Promise.race([conn.sql`SELECT 1`.execute(), deadline]);
  } catch (error) {
    throw toAlmaError(error, `Connecting to ${where}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Makes the schema ready for the store: applies pending migrations (or, with autoMigrate: false, refuses a schema
 * that needs them), then finds pgvector's schema and checks the embedding columns have the configured dimension.
 */
export async function prepareSchema(conn: Connection, options: ResolvedPostgresStorageOptions, url: string): Promise<void> {
  const target = { schema: options.schema, embeddingDim: options.embeddingDim };
  if (options.autoMigrate) {
    await applyPending(conn.sql, target);
  } else {
    const status = await readStatus(conn.sql, options.schema);
    if (status.pending.length > 0) {
      throw new StorageError(
        ADAPTER,
        `Schema '${options.schema}' needs migrations ${status.pending.join(', ')}. Run \`${migrateCommand(options, url)}\` ` +
          'or open the store with autoMigrate: true.',
      );
    }
  }
  let rows: Array<{ ext: string | null; type: string | null }>;
  try {
    rows = await conn.sql<Array<{ ext: string | null; type: string | null }>>`
      SELECT (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname = 'vector') AS ext,
             (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
              WHERE a.attrelid = to_regclass(format('%I.alma_heuristics', ${options.schema}::text))
                AND a.attname = 'embedding' AND NOT a.attisdropped) AS type`;
  } catch (error) {
    throw toAlmaError(error, `Inspecting schema '${options.schema}'`);
  }
  const [info] = rows;
  if (!info?.ext) throw new StorageError(ADAPTER, 'The pgvector extension is not installed in this database (CREATE EXTENSION vector).');
  if (info.type !== `vector(${options.embeddingDim})`) {
    throw new ConfigError(
      `Schema '${options.schema}' stores embeddings as ${info.type ?? 'nothing'}, but the store is configured with ` +
        `embeddingDim ${options.embeddingDim}. Open it with the schema's dimension, or use another schema.`,
    );
  }
  conn.ext = dsql.identifier(info.ext);
}
