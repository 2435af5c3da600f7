import { Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as cosmosServer from '@vercel/cosmosdb-server';
import { CosmosClient } from '@azure/cosmos';
import type { CosmosStorageOptions } from '../options.js';
import { requireMasterKey } from './key-check.js';

/** Any base64 string: the protocol server does not check signatures. */
export const TEST_KEY = Buffer.from('alma-storage-cosmos-test-key').toString('base64');

/** A Cosmos DB protocol server (@vercel/cosmosdb-server) listening on 127.0.0.1 with its self-signed certificate. */
export interface TestCosmosServer {
  readonly endpoint: string;
  /** Trusts the self-signed certificate (tests only). */
  readonly agent: Agent;
  readonly server: Server;
  /** Connection options for a store on this server. */
  options(extra?: Partial<CosmosStorageOptions>): CosmosStorageOptions;
  /** A client of this server (dispose it when done). */
  client(): CosmosClient;
  close(): Promise<void>;
}

type CreateServer = (opts?: { keepAlive?: boolean }) => Server;

/** `requireKey`: answer 401, as the service does, to requests not signed with this key (see `requireMasterKey`). */
export async function startCosmosServer(options: { requireKey?: string } = {}): Promise<TestCosmosServer> {
  // CommonJS package: depending on the loader (jest's CJS transform, Node ESM) the factory is a named export,
  // `module.default`, or `module.default.default`.
  const mod = cosmosServer as unknown as { createHttpsServer?: CreateServer; default?: CreateServer | { default?: CreateServer } };
  const fallback = mod.default;
  const create = mod.createHttpsServer ?? (typeof fallback === 'function' ? fallback : (fallback?.default as CreateServer));
  const server = create({ keepAlive: true });
  if (options.requireKey !== undefined) requireMasterKey(server, options.requireKey);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `https://127.0.0.1:${port}`;
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint,
    agent,
    server,
    options: (extra = {}) => ({ endpoint, key: TEST_KEY, agent, ...extra }),
    client: () => new CosmosClient({ endpoint, key: TEST_KEY, agent: agent as never }),
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let counter = 0;
/** A database id no other test of this process uses. */
export const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
