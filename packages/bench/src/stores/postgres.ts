import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import postgres from 'postgres';
import { PostgresStorage } from '@alma/storage-pg';
import { describeError, STORE_LABELS, type OpenedStore } from '../stores.js';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * ALMA's PostgresStorage and LangGraph's PostgresSaver on ALMA_PG_URL (default the local test database), each in a
 * fresh uniquely named schema that `close()` drops.
 */
export async function openPostgres(): Promise<OpenedStore> {
  const url = process.env['ALMA_PG_URL'] ?? DEFAULT_PG_URL;
  const schema = `alma_bench_${process.pid}_${Date.now().toString(36)}`;
  const lgSchema = `${schema}_langgraph`;
  const admin = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  let engine: string;
  try {
    const [row] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
    engine = `PostgreSQL ${row?.v ?? '?'}`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => undefined);
    throw new Error(`cannot connect to ${redact(url)}: ${describeError(error)}`, { cause: error });
  }
  const dropSchemas = async (): Promise<void> => {
    await admin.unsafe(`drop schema if exists "${schema}" cascade`);
    await admin.unsafe(`drop schema if exists "${lgSchema}" cascade`);
  };
  let storage: PostgresStorage;
  try {
    storage = await PostgresStorage.open({ url, schema, embeddingDim: 384 });
  } catch (error) {
    await dropSchemas().catch(() => undefined);
    await admin.end({ timeout: 1 }).catch(() => undefined);
    throw error;
  }
  return {
    name: 'postgres',
    label: STORE_LABELS.postgres,
    storage,
    engine,
    async openLangGraph() {
      const saver = PostgresSaver.fromConnString(url, { schema: lgSchema });
      await saver.setup();
      return { label: 'PostgresSaver', saver, close: () => saver.end() };
    },
    async close() {
      try {
        await storage.close();
        await dropSchemas();
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}
