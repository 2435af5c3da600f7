import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeCheckpoint } from '@alma/storage-conformance';
import { encodeItemId } from './ids.js';
import type { StoreContext } from './store-context.js';
import type { CosmosStorage } from './cosmos-storage.js';
import { startCosmosServer, type TestCosmosServer } from './test-support/cosmos-server.js';
import { storeFactory } from './test-support/stores.js';

let server: TestCosmosServer;
const stores = storeFactory(() => server);
beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await stores.closeAll();
  await server.close();
});

const T = { tenantId: 'tenant-resume' };
const ctxOf = (store: CosmosStorage): StoreContext => (store as unknown as { ctx: StoreContext }).ctx;
const ids = (list: Array<{ id: string }>): string[] => list.map((c) => c.id);

describe('latest checkpoint per branch from the run head (point reads, then the query when the head cannot tell)', () => {
  it('answers from the tips the head names, one per branch, by seq', async () => {
    const store = await stores.open({ containerPrefix: 'resume-tips' });
    const saved = [];
    for (const branchId of [undefined, 'a', undefined, 'b', 'a']) {
      saved.push(await store.saveCheckpoint(makeCheckpoint({ runId: 'run-1', ...T, ...(branchId ? { branchId } : {}) })));
    }
    const [, , main, b, a] = saved as [unknown, unknown, { id: string }, { id: string }, { id: string }];
    expect(ids(await store.getLatestCheckpointPerBranch('run-1', T))).toEqual([main.id, b.id, a.id]);
  });

  it('falls back to the checkpoint documents while a tip is gone but the head still names it', async () => {
    const store = await stores.open({ containerPrefix: 'resume-gone' });
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-2', ...T }));
    const second = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-2', ...T }));
    // The window of a retention delete: the document is removed, the head is rebuilt only afterwards.
    expect(await ctxOf(store).c.checkpoints.delete(encodeItemId(second.id), 'run-2')).toBe(true);
    expect(ids(await store.getLatestCheckpointPerBranch('run-2', T))).toEqual([first.id]);
  });

  it('falls back when a tip is outside the scope (another node wrote the latest checkpoint)', async () => {
    const store = await stores.open({ containerPrefix: 'resume-scope' });
    const mine = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-3', ...T, nodeId: 'plan' }));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-3', ...T, nodeId: 'act' }));
    expect(ids(await store.getLatestCheckpointPerBranch('run-3', { ...T, nodeId: 'plan' }))).toEqual([mine.id]);
    expect(await store.getLatestCheckpointPerBranch('run-3', { tenantId: 'someone-else' })).toEqual([]);
  });
});
