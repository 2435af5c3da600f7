import { afterAll, beforeAll } from '@jest/globals';
import { runStorageConformance, releaseAll } from '@alma/storage-conformance';
import { adminClient, assertServerReady } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

// Every store the suite asks for gets a fresh schema of its own, dropped once the store is closed.
const admin = adminClient(3);
const stores = storeFactory(admin, 'conf');
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => stores.cleanup(),
    () => admin.end(),
  ), 120_000);

runStorageConformance({
  name: 'postgres',
  createStorage: ({ embeddingDim }) => stores.open(embeddingDim),
});
