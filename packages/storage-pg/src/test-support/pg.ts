import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { DEFAULT_PG_URL } from '../options.js';

/** The server every test uses: ALMA_PG_URL, else the local default. Tests never skip when it is down. */
export const PG_URL = process.env['ALMA_PG_URL'] ?? DEFAULT_PG_URL;

/** A schema name no other test run uses: `alma_t_<label>_<pid>_<random>`. */
export function uniqueSchema(label: string): string {
  return `alma_t_${label}_${process.pid}_${randomBytes(4).toString('hex')}`.slice(0, 63);
}

/**
 * A small client of the test's own, for setup, inspection and cleanup. Bounded: a connection attempt gives up after
 * 5 s, and idle connections close themselves after 5 s, so even a client a failing test never ended cannot keep
 * jest's process alive.
 */
export function adminClient(max = 2): Sql {
  return postgres(PG_URL, { max, connect_timeout: 5, idle_timeout: 5, onnotice: () => undefined });
}

/** A statement the server was sent, as postgres.js's debug hook saw it. */
export interface SentStatement {
  readonly query: string;
  readonly params: unknown[];
}

/**
 * A caller's pool (`PostgresStorage.open({ client })`) with a debug hook: `captured` records the SQL the store
 * really sends, for tests that check the shape of a query or its plan.
 */
export function capturingClient(): { client: Sql; captured: SentStatement[] } {
  const captured: SentStatement[] = [];
  const client = postgres(PG_URL, {
    max: 2,
    onnotice: () => undefined,
    debug: (_connection, query, params) => captured.push({ query, params: params as unknown[] }),
  });
  return { client, captured };
}

/**
 * Fails loudly (never skips) when the server is unreachable or lacks pgvector, in one line naming the fix, so every
 * test of the file fails in seconds with the real cause (`npm test`'s preflight normally sets both up first).
 */
export async function assertServerReady(sql: Sql): Promise<void> {
  const where = PG_URL.replace(/:[^:@/]*@/, ':***@');
  let vector: string | null | undefined;
  try {
    const [row] = await sql<{ vector: string | null }[]>`
      SELECT (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector`;
    vector = row?.vector;
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${where} (${(error as Error).message}). Run the tests with \`npm test\` ` +
        '(its preflight starts and sets up the local server) or point ALMA_PG_URL at a server with pgvector: ' +
        'the @alma/storage-pg tests never skip.',
    );
  }
  if (!vector) {
    throw new Error(
      `PostgreSQL at ${where} has no pgvector extension. Run \`npm test\` (its preflight installs it on Debian), ` +
        'or `sudo bash tools/ci/install-pgvector.sh`, or point ALMA_PG_URL at a server with pgvector.',
    );
  }
}

/** Drops each schema in its own statement (one huge DROP would exhaust the server's lock table). */
export async function dropSchemas(sql: Sql, schemas: Iterable<string>): Promise<void> {
  for (const schema of schemas) {
    await sql.begin(async (tx) => {
      await tx`SELECT set_config('synchronous_commit', 'off', true)`;
      await tx`DROP SCHEMA IF EXISTS ${tx(schema)} CASCADE`;
    });
  }
}

/** How many connections with this application_name the server has. */
export async function connectionsNamed(sql: Sql, applicationName: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${applicationName}`;
  return row?.n ?? 0;
}
