import { runStorageConformance } from '@alma/storage-conformance';
import { createStorage } from './index.js';
import { startCosmosServer, uniqueName, type TestCosmosServer } from './test-support/cosmos-server.js';

// The whole suite including contract v2 (run catalog, stale-write check, tombstones, export/restore), no skips, against a real Cosmos DB protocol server on 127.0.0.1 (@vercel/cosmosdb-server).
// It has no VectorDistance, so 'auto' detects that and ranks in process (native path: vector.test.ts, cosmos-open.test.ts).
let server: TestCosmosServer;
const databaseId = uniqueName('alma_conformance');
let stores = 0;

runStorageConformance({
  name: 'cosmos',
  setup: async () => {
    server = await startCosmosServer();
  },
  teardown: async () => {
    await server.close();
  },
  // A fresh, isolated store per call: its own container set (prefix) in this run's database.
  createStorage: async ({ embeddingDim }) =>
    createStorage({ ...server.options(), databaseId, containerPrefix: `s${++stores}_`, embeddingDim }),
});
