// LangGraph's checkpointer conformance suite against AlmaCheckpointSaver on ALMA's PostgreSQL store: a unique
// schema per checkpointer (dropped when the suite is done with it), all stores sharing one pool. The server is
// ALMA_PG_URL, else postgres://postgres@127.0.0.1:5432/test; an unreachable server fails the run, never skips it.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { validate } from '@langchain/langgraph-checkpoint-validation';
import { PostgresStorage } from '@alma/storage-pg';
import { AlmaCheckpointSaver } from './saver.js';

const PG_URL = process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const sql = postgres(PG_URL, { max: 4, onnotice: () => undefined });
const schemas = new WeakMap<AlmaCheckpointSaver, string>();

validate<AlmaCheckpointSaver>({
  checkpointerName: '@alma/langgraph (PostgreSQL)',
  async beforeAll() {
    try {
      await sql`SELECT 1`;
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
          'Start it or point ALMA_PG_URL at a server with pgvector: this suite never skips.'
      );
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
