import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { releaseAll } from '@alma/storage-conformance';
import { StorageError } from '@alma/types';
import { CosmosStorage, type CosmosStorageOptions } from './index.js';
import { startCosmosServer, TEST_KEY, uniqueName, type TestCosmosServer } from './test-support/cosmos-server.js';

// Every way an open can fail rejects within seconds with a StorageError naming the adapter and the cause, and leaves
// nothing open: the black-hole server counts the connections still open to it afterwards.
let checked: TestCosmosServer;
const sockets = new Set<Socket>();
// Accepts TCP connections and never answers: an endpoint behind a firewall that drops packets. It reads (and drops)
// what it is sent, so it sees the client's end of a connection.
const blackHole: Server = createServer((socket) => {
  sockets.add(socket);
  socket.resume();
  socket.on('error', () => undefined);
  socket.on('close', () => sockets.delete(socket));
});
beforeAll(async () => {
  checked = await startCosmosServer({ requireKey: TEST_KEY });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});
afterAll(() =>
  releaseAll(
    () => checked?.close(),
    () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => blackHole.close(() => resolve()));
    },
  ),
);

async function failedOpen(options: CosmosStorageOptions): Promise<StorageError> {
  const error = await CosmosStorage.open({ databaseId: uniqueName('openfail'), embeddingDim: 8, ...options }).then(
    async (store) => {
      await store.close();
      throw new Error('open succeeded');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).message).toMatch(/^\[cosmos\] open failed/);
  expect((error as StorageError).cause).toBeDefined();
  return error as StorageError;
}

describe('a Cosmos DB store that cannot open', () => {
  it('an endpoint that refuses connections', async () => {
    const error = await failedOpen({ endpoint: 'https://127.0.0.1:1', key: TEST_KEY });
    expect(error.message).toContain('cannot be reached (ECONNREFUSED)');
  });

  it('an endpoint that never answers gives up after openTimeoutMs and keeps no connection', async () => {
    const port = (blackHole.address() as { port: number }).port;
    const error = await failedOpen({ endpoint: `https://127.0.0.1:${port}`, key: TEST_KEY, openTimeoutMs: 500 });
    expect(error.message).toContain('did not answer within 500 ms (openTimeoutMs)');
    for (let i = 0; i < 20 && sockets.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets.size).toBe(0);
  });

  it('a wrong account key gets the service 401 as a StorageError, never echoing the key', async () => {
    const wrongKey = Buffer.from('not-the-account-key').toString('base64');
    const error = await failedOpen(checked.options({ key: wrongKey }));
    expect(error.message).toMatch(/\[401\].*authorization token/);
    expect(error.message).not.toContain(wrongKey);
  });

  it('the right key opens the same server (the signature check accepts what the SDK signs)', async () => {
    const store = await CosmosStorage.open(checked.options({ databaseId: uniqueName('openok'), embeddingDim: 8 }));
    await store.close();
  });
});
