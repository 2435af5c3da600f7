import { randomBytes } from 'node:crypto';
import { Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as cosmosServer from '@vercel/cosmosdb-server';
import postgres, { type Sql } from 'postgres';

// Database servers for the round-trip tests. PostgreSQL: ALMA_PG_URL or the local default, a unique schema per
// run, dropped afterwards; never skipped when down (as in @alma/storage-pg). Cosmos DB: the in-process protocol
// server (@vercel/cosmosdb-server) @alma/storage-cosmos tests against.

export const PG_URL = process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const uniqueSchema = (label: string): string => `alma_t_${label}_${process.pid}_${randomBytes(4).toString('hex')}`.slice(0, 63);

export async function pgAdmin(): Promise<Sql> {
  // Bounded: gives up connecting after 5 s, and idle connections close themselves, so a failing test cannot hang jest.
  const sql = postgres(PG_URL, { max: 1, connect_timeout: 5, idle_timeout: 5, onnotice: () => undefined });
  try {
    await sql`SELECT 1`;
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw new Error(`PostgreSQL is not reachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); start it or set ALMA_PG_URL.`);
  }
  return sql;
}

export interface CosmosTestServer {
  readonly endpoint: string;
  readonly agent: Agent;
  close(): Promise<void>;
}

type CreateServer = (opts?: { keepAlive?: boolean }) => Server;

export async function startCosmos(): Promise<CosmosTestServer> {
  // A CommonJS package: the factory is a named export or a default, depending on the loader.
  const mod = cosmosServer as unknown as { createHttpsServer?: CreateServer; default?: CreateServer | { default?: CreateServer } };
  const fallback = mod.default;
  const create = mod.createHttpsServer ?? (typeof fallback === 'function' ? fallback : (fallback?.default as CreateServer));
  const server = create({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    agent,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A key the protocol server accepts (it checks no signature). */
export const COSMOS_TEST_KEY = Buffer.from('alma-cli-test-key').toString('base64');
