import type { AddressInfo } from 'node:net';
import * as https from 'node:https';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { CosmosStorage } from '@alma/storage-cosmos';
import { STORE_LABELS, type OpenedStore } from '../stores.js';

/** The Cosmos DB emulator's published account key (the protocol server accepts any key). */
const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/**
 * Limits on the Cosmos protocol server, an in-memory test server that evaluates every query in JavaScript (and here
 * shares the bench's process): a scoped retrieval over 1,000 memories takes seconds, so more memories or 1,000 calls
 * would take hours and say nothing about the real service.
 */
export const COSMOS_MAX_MEMORIES = 1000;
export const COSMOS_RETRIEVAL_OPS = 20;

/**
 * ALMA's CosmosStorage against `@vercel/cosmosdb-server` (the Cosmos DB REST protocol, in memory) started in this
 * process on 127.0.0.1, a random port, TLS with its self-signed certificate. No LangGraph counterpart exists.
 */
export async function openCosmos(): Promise<OpenedStore> {
  const server = createHttpsServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
  const stopServer = async (): Promise<void> => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  let storage: CosmosStorage;
  try {
    storage = await CosmosStorage.open({
      endpoint: `https://127.0.0.1:${port}/`,
      key: EMULATOR_KEY,
      agent,
      databaseId: 'alma-bench',
      embeddingDim: 384,
    });
  } catch (error) {
    await stopServer();
    throw error;
  }
  return {
    name: 'cosmos',
    label: STORE_LABELS.cosmos,
    storage,
    engine: '@vercel/cosmosdb-server (in-process, HTTPS on 127.0.0.1)',
    maxMemories: COSMOS_MAX_MEMORIES,
    seedLimitReason:
      `not run on the Cosmos protocol server above ${COSMOS_MAX_MEMORIES.toLocaleString('en-US')} memories: it is an ` +
      'in-memory test server evaluating every query in JavaScript, so larger stores would take hours and say nothing ' +
      'about the Cosmos DB service',
    retrievalOpsCap: COSMOS_RETRIEVAL_OPS,
    retrievalCapReason:
      `only ${COSMOS_RETRIEVAL_OPS} calls on the Cosmos protocol server (about a second or more each: the test server evaluates ` +
      'every query in JavaScript in the bench process); indicative only',
    async close() {
      try {
        await storage.close();
      } finally {
        await stopServer();
      }
    },
  };
}
