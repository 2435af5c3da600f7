import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Items, type SqlQuerySpec } from '@azure/cosmos';
import { makeHeuristic, unitVector } from '@alma/storage-conformance';
import { ConfigError, SINGLE_TENANT, StorageError } from '@alma/types';
import { Collection } from './collection.js';
import { CosmosStorage, createStorage } from './index.js';
import { startCosmosServer, TEST_KEY, uniqueName, type TestCosmosServer } from './test-support/cosmos-server.js';
import { storeFactory } from './test-support/stores.js';

let server: TestCosmosServer;
const stores = storeFactory(() => server);
beforeAll(async () => {
  server = await startCosmosServer();
});
afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(async () => {
  await stores.closeAll();
  await server.close();
});

async function containerDefinition(databaseId: string, containerId: string) {
  const client = server.client();
  try {
    return (await client.database(databaseId).container(containerId).read()).resource;
  } finally {
    client.dispose();
  }
}

/** Makes the VectorDistance probe succeed, as on an account with vector search enabled. */
function serviceWithVectorSearch(): void {
  const queryAll = Collection.prototype.queryAll;
  jest.spyOn(Collection.prototype, 'queryAll').mockImplementation(function (this: Collection, spec: SqlQuerySpec, pk?: string) {
    if (spec.query.startsWith('SELECT VALUE VectorDistance(')) return Promise.resolve([1]) as never;
    return queryAll.call(this, spec, pk) as never;
  });
}

describe('vector search mode', () => {
  it("'auto' detects that this server has no VectorDistance and ranks in process", async () => {
    const store = await stores.open({ containerPrefix: 'auto_' });
    expect(store.capabilities).toEqual({
      name: 'cosmos',
      vectorSearch: 'in-process',
      transactions: false,
      multiProcess: true,
      maxRecordBytes: expect.any(Number),
    });
    expect((await containerDefinition(stores.databaseId, 'auto_heuristics'))?.vectorEmbeddingPolicy).toBeUndefined();
  });

  it("'auto' uses VectorDistance, with a vector policy on new containers, where the service has it", async () => {
    serviceWithVectorSearch();
    const store = await stores.open({ containerPrefix: 'vec_', vectorIndexType: 'flat' });
    expect(store.capabilities.vectorSearch).toBe('native');
    const definition = await containerDefinition(stores.databaseId, 'vec_heuristics');
    expect(definition?.vectorEmbeddingPolicy?.vectorEmbeddings).toEqual([
      { path: '/embedding', dataType: 'float32', distanceFunction: 'cosine', dimensions: 4 },
    ]);
    expect(definition?.indexingPolicy?.vectorIndexes).toEqual([{ path: '/embedding', type: 'flat' }]);
    expect((await containerDefinition(stores.databaseId, 'vec_preferences'))?.vectorEmbeddingPolicy).toBeUndefined();
  });

  it("'auto' falls back to in-process for containers created earlier without a vector policy; 'native' refuses them", async () => {
    await stores.open({ containerPrefix: 'old_' });
    serviceWithVectorSearch();
    expect((await stores.open({ containerPrefix: 'old_' })).capabilities.vectorSearch).toBe('in-process');
    await expect(stores.open({ containerPrefix: 'old_', vectorSearch: 'native' })).rejects.toThrow(/needs a vector embedding policy/);
  });

  it("'native' trusts the caller: this server then fails the similarity query with a StorageError", async () => {
    const store = await stores.open({ containerPrefix: 'native_', vectorSearch: 'native' });
    expect(store.capabilities.vectorSearch).toBe('native');
    await store.saveMemory('heuristic', makeHeuristic({ embedding: unitVector(4, 0) }));
    const error = await store.queryMemories('heuristic', { scope: SINGLE_TENANT, embedding: unitVector(4, 0) }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^\[cosmos\] query heuristic failed \[400\]: /);
    expect(await store.queryMemories('heuristic', { scope: SINGLE_TENANT })).toHaveLength(1); // other reads work
  });

  it("'in-process' never probes", async () => {
    const probe = jest.spyOn(Collection.prototype, 'queryAll');
    const store = await stores.open({ vectorSearch: 'in-process' });
    expect(store.capabilities.vectorSearch).toBe('in-process');
    expect(probe).not.toHaveBeenCalled();
  });
});

describe('setup', () => {
  it('with createIfNotExists: false, names what is missing and opens what exists', async () => {
    const databaseId = uniqueName('alma_missing');
    await expect(CosmosStorage.open({ ...server.options(), databaseId, createIfNotExists: false })).rejects.toThrow(
      new RegExp(`database '${databaseId}' does not exist`),
    );
    await stores.open({ containerPrefix: 'made_' });
    await expect(stores.open({ containerPrefix: 'never_', createIfNotExists: false })).rejects.toThrow(
      /container 'never_\w+' does not exist/,
    );
    const reopened = await stores.open({ containerPrefix: 'made_', createIfNotExists: false });
    expect(reopened.capabilities.vectorSearch).toBe('in-process');
  });

  it('refuses existing containers laid out differently (no /seq unique key, another partition key)', async () => {
    const client = server.client();
    try {
      const { database } = await client.databases.createIfNotExists({ id: stores.databaseId });
      await database.containers.create({ id: 'nokey_checkpoints', partitionKey: { paths: ['/runId'] } });
      await database.containers.create({ id: 'badpk_entities', partitionKey: { paths: ['/tenantId'] } });
    } finally {
      client.dispose();
    }
    await expect(stores.open({ containerPrefix: 'nokey_' })).rejects.toThrow(/lacks the unique key '\/seq'/);
    await expect(stores.open({ containerPrefix: 'badpk_' })).rejects.toThrow(
      /container 'badpk_entities' is partitioned on \["\/tenantId"\]; ALMA needs '\/pk'/,
    );
  });

  it('opens from a connection string, with Entra ID credentials, and through createStorage', async () => {
    const viaString = await CosmosStorage.fromConnectionString(`AccountEndpoint=${server.endpoint};AccountKey=${TEST_KEY};`, {
      agent: server.agent,
      databaseId: stores.databaseId,
      containerPrefix: 'cs_',
    });
    await viaString.saveMemory('heuristic', makeHeuristic());
    await viaString.close();
    const getToken = jest.fn(async () => ({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }));
    const viaAad = await CosmosStorage.open({
      endpoint: server.endpoint,
      aadCredentials: { getToken },
      agent: server.agent,
      databaseId: stores.databaseId,
      containerPrefix: 'aad_',
    });
    expect(await viaAad.queryMemories('heuristic', { scope: SINGLE_TENANT })).toEqual([]);
    expect(getToken).toHaveBeenCalled();
    await viaAad.close();
    const viaFactory = await createStorage({ ...server.options(), databaseId: stores.databaseId, containerPrefix: 'cs_' });
    expect(await viaFactory.queryMemories('heuristic', { scope: SINGLE_TENANT })).toHaveLength(1);
    await viaFactory.close();
    await expect(createStorage({ endpoint: server.endpoint })).rejects.toBeInstanceOf(ConfigError);
  });

  it('closes idempotently and never disposes a client it was given', async () => {
    const client = server.client();
    try {
      const store = await CosmosStorage.open({ client, databaseId: stores.databaseId, containerPrefix: 'byo_' });
      expect(store.client).toBe(client);
      await store.close();
      await store.close();
      expect((await client.database(stores.databaseId).read()).resource?.id).toBe(stores.databaseId); // still usable
    } finally {
      client.dispose();
    }
  });

  it('surfaces driver errors as StorageError naming the adapter, cause kept', async () => {
    const store = await stores.open();
    const driverError = Object.assign(new Error('Service unavailable\n{"diagnostics":"..."}'), { code: 503 });
    jest.spyOn(Items.prototype, 'create').mockRejectedValue(driverError as never);
    const error = await store.saveMemory('heuristic', makeHeuristic()).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toBe('[cosmos] create heuristic failed [503]: Service unavailable');
    expect((error as StorageError).cause).toBe(driverError);
  });
});

describe('429 handling', () => {
  let throttled: TestCosmosServer;
  let remaining = 0;
  let served429 = 0;
  beforeAll(async () => {
    throttled = await startCosmosServer();
    const [handler] = throttled.server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    throttled.server.removeAllListeners('request');
    throttled.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (remaining > 0 && req.method === 'POST' && /\/docs$/.test(req.url ?? '')) {
        remaining--;
        served429++;
        res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '1' });
        res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large.' }));
        return;
      }
      handler?.(req, res);
    });
  });
  afterAll(() => throttled.close());

  const open = (maxRetryAttemptsOn429: number) =>
    CosmosStorage.open({ ...throttled.options(), databaseId: 'throttle', containerPrefix: 'p_', maxRetryAttemptsOn429 });

  it('retries throttled requests as configured', async () => {
    const store = await open(5);
    try {
      remaining = 3;
      served429 = 0;
      await store.saveMemory('heuristic', makeHeuristic());
      expect(served429).toBe(3);
      expect(remaining).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('reports exhausted retries as a StorageError with the 429 and what to do', async () => {
    const store = await open(0);
    try {
      remaining = 1;
      const error = await store.saveMemory('heuristic', makeHeuristic()).catch((e) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toMatch(/\[429\].*raise the RU\/s or maxRetryAttemptsOn429/);
    } finally {
      await store.close();
    }
  });
});
