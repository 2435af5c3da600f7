// LangGraph's checkpointer conformance suite against AlmaCheckpointSaver on ALMA's PostgreSQL store: a unique
// schema per checkpointer (dropped when the suite is done with it), all stores sharing one pool. The server is
// ALMA_PG_URL, else postgres://postgres@127.0.0.1:5432/test; an unreachable server fails the run, never skips it.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { validate } from '@langchain/langgraph-checkpoint-validation';
import { PostgresStorage } from '@alma/storage-pg';
import { AlmaCheckpointSaver } from './saver.js';

const PG_URL = process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
// Bounded: gives up connecting after 5 s, and idle connections close themselves, so a failure cannot hang the run.
const sql = postgres(PG_URL, { max: 4, connect_timeout: 5, idle_timeout: 5, onnotice: () => undefined });
const schemas = new WeakMap<AlmaCheckpointSaver, string>();

validate<AlmaCheckpointSaver>({
  checkpointerName: '@alma/langgraph (PostgreSQL)',
  async beforeAll() {
    const where = PG_URL.replace(/:[^:@/]*@/, ':***@');
    let vector: string | null | undefined;
    try {
      const [row] = await sql<{ vector: string | null }[]>`
        SELECT (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector`;
      vector = row?.vector;
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${where} (${(error as Error).message}). Run \`npm test\` (its preflight ` +
          'sets up the local server) or point ALMA_PG_URL at a server with pgvector: this suite never skips.'
      );
    }
    if (!vector) {
      throw new Error(`PostgreSQL at ${where} has no pgvector extension. Run \`npm test\` (its preflight installs it).`);
    }
  },
  beforeAllTimeout: 30_000,
  async createCheckpointer() {
    const schema = `alma_lg_${process.pid}_${randomBytes(4).toString('hex')}`;
    const storage = await PostgresStorage.open({ client: sql, schema, embeddingDim: 8 });
    const saver = new AlmaCheckpointSaver({ storage });
    schemas.set(saver, schema);
    return saver;
  },
  async destroyCheckpointer(saver) {
    await saver.storage.close();
    const schema = schemas.get(saver);
    if (schema !== undefined) await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
  },
  async afterAll() {
    await sql.end();
  },
});
