import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { OperationInput } from '@azure/cosmos';
import { makeCheckpoint } from '@alma/storage-conformance';
import { ConflictError, SINGLE_TENANT, StaleCheckpointError, StorageError, type CheckpointRecord } from '@alma/types';
import { Collection } from './collection.js';
import type { CosmosStorage } from './cosmos-storage.js';
import { CODECS, toDoc } from './documents.js';
import { startCosmosServer, type TestCosmosServer } from './test-support/cosmos-server.js';
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

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** `n` stores sharing one container set, each with its own CosmosClient (like separate processes). */
async function clients(prefix: string, n: number): Promise<CosmosStorage[]> {
  const all: CosmosStorage[] = [];
  for (let i = 0; i < n; i++) all.push(await stores.open({ containerPrefix: prefix }));
  return all;
}

/** The i-th element, which the test knows exists. */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no element ${i}`);
  return item;
}

async function two(prefix: string): Promise<[CosmosStorage, CosmosStorage]> {
  return [await stores.open({ containerPrefix: prefix }), await stores.open({ containerPrefix: prefix })];
}

const codeOf = (r: PromiseRejectedResult): unknown => (r.reason as { code?: unknown }).code;

describe('expectedLatestId across independent clients', () => {
  it('lets exactly one writer continue each tip, per branch, while both branches race at once', async () => {
    const all = await clients('race_', 6);
    const runId = 'run-race';
    const tips: Record<string, CheckpointRecord> = {
      main: await nth(all, 0).saveCheckpoint(makeCheckpoint({ runId, expectedLatestId: null })),
      b: await nth(all, 1).saveCheckpoint(makeCheckpoint({ runId, branchId: 'b', expectedLatestId: null })),
    };
    for (const _round of range(5)) {
      const attempts = all.flatMap((store, i) =>
        range(2).map(() => {
          const lane = i % 2 === 0 ? 'main' : 'b';
          const tip = tips[lane] as CheckpointRecord;
          return { lane, promise: store.saveCheckpoint(makeCheckpoint({ runId, ...(lane === 'b' ? { branchId: 'b' } : {}), parentCheckpointId: tip.id, expectedLatestId: tip.id })) };
        }),
      );
      const outcomes = await Promise.allSettled(attempts.map((a) => a.promise));
      for (const lane of ['main', 'b']) {
        const mine = outcomes.filter((_, i) => attempts[i]?.lane === lane);
        const won = mine.filter((o): o is PromiseFulfilledResult<CheckpointRecord> => o.status === 'fulfilled');
        const lost = mine.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map(codeOf)).toEqual(lost.map(() => 'STALE_CHECKPOINT'));
        tips[lane] = (won[0] as PromiseFulfilledResult<CheckpointRecord>).value;
      }
    }
    for (const branchId of [null, 'b']) {
      const chain = await nth(all, 2).listCheckpoints(runId, SINGLE_TENANT, { branchId, limit: 100 });
      expect(chain).toHaveLength(6);
      chain.slice(1).forEach((c, i) => expect(c.parentCheckpointId).toBe(chain[i]?.id)); // a single line, no fork
    }
    const listed = await nth(all, 3).listCheckpoints(runId, SINGLE_TENANT, { limit: 100 });
    expect(listed.map((c) => c.seq)).toEqual(range(12));
    expect(await nth(all, 4).getRun(runId, SINGLE_TENANT)).toMatchObject({ checkpointCount: 12, latestSeq: 12, branches: ['b'] });
  }, 60_000);

  it('decides on a fresh head when its cached one is behind another client', async () => {
    const [a, b] = await two('behind_');
    const c1 = await a.saveCheckpoint(makeCheckpoint({ runId: 'run-behind' }));
    const c2 = await b.saveCheckpoint(makeCheckpoint({ runId: 'run-behind', expectedLatestId: c1.id }));
    const c3 = await a.saveCheckpoint(makeCheckpoint({ runId: 'run-behind', expectedLatestId: c2.id })); // A's cache says c1
    expect(c3.seq).toBe(3);
    const stale = a.saveCheckpoint(makeCheckpoint({ runId: 'run-behind', expectedLatestId: c1.id }));
    await expect(stale).rejects.toBeInstanceOf(StaleCheckpointError);
    await expect(stale).rejects.toMatchObject({ details: { expectedParentId: c1.id, actualLatestId: c3.id } });
    await b.deleteCheckpoints('run-behind', SINGLE_TENANT); // tombstone through B; A still caches the live head
    await expect(a.saveCheckpoint(makeCheckpoint({ runId: 'run-behind' }))).rejects.toThrow(/was deleted at/);
  });

  it('fails the whole commit when the head changed after it was read, and starts over', async () => {
    const [a, b] = await two('moved_');
    const c1 = await a.saveCheckpoint(makeCheckpoint({ runId: 'run-moved' }));
    const batch = Collection.prototype.batch;
    let interfered = false;
    const results: string[] = [];
    jest.spyOn(Collection.prototype, 'batch').mockImplementation(async function (this: Collection, ops: OperationInput[], pk: string) {
      if (!interfered) {
        interfered = true; // B changes the run between A's (cached) head and A's commit
        expect(await b.updateRun('run-moved', { status: 'completed' }, SINGLE_TENANT)).toBe(true);
      }
      const out = await batch.call(this, ops, pk);
      results.push(out.map((r) => r.statusCode).join(','));
      return out;
    });
    const deletes = jest.spyOn(Collection.prototype, 'delete');
    const c2 = await a.saveCheckpoint(makeCheckpoint({ runId: 'run-moved', expectedLatestId: c1.id }));
    // B's head replace; A's attempt, stopped by its stale head before the create; A's retry on the fresh head.
    expect(results).toEqual(['200', '412,424', '200,201']);
    expect(deletes).not.toHaveBeenCalled();
    expect((await b.listCheckpoints('run-moved', SINGLE_TENANT)).map((c) => [c.id, c.seq])).toEqual([
      [c1.id, 1],
      [c2.id, 2],
    ]);
    expect(await b.getRun('run-moved', SINGLE_TENANT)).toMatchObject({ status: 'completed', checkpointCount: 2 });
  });

  it('tombstones a run while other clients keep writing: nothing survives, every late write is refused', async () => {
    const all = await clients('tomb_', 5);
    let firstWrite!: () => void;
    const written = new Promise<void>((resolve) => (firstWrite = resolve));
    const writers = all.slice(0, 4).map(async (store) => {
      const outcomes: string[] = [];
      while (!outcomes.includes('refused') && outcomes.length < 500) {
        try {
          await store.saveCheckpoint(makeCheckpoint({ runId: 'run-tomb', tenantId: 't' }));
          outcomes.push('ok');
          firstWrite();
        } catch (error) {
          expect(error).toBeInstanceOf(ConflictError);
          outcomes.push('refused');
        }
      }
      return outcomes;
    });
    await written;
    const deleted = await nth(all, 4).deleteCheckpoints('run-tomb', { tenantId: 't' });
    const outcomes = await Promise.all(writers);
    expect(outcomes.every((o) => o[o.length - 1] === 'refused')).toBe(true); // every writer ends refused
    expect(deleted).toBeGreaterThan(0); // writes that landed before the tombstone went with the run
    expect(await nth(all, 4).listCheckpoints('run-tomb', { tenantId: 't' }, { limit: 1000 })).toEqual([]);
    expect(await nth(all, 0).getRun('run-tomb', { tenantId: 't' })).toBeUndefined();
    await expect(nth(all, 1).saveCheckpoint(makeCheckpoint({ runId: 'run-tomb', tenantId: 't' }))).rejects.toBeInstanceOf(ConflictError);
  }, 30_000);
});

describe('seq assignment and failures', () => {
  it('steps over a seq taken by a writer that does not keep the run head (pre-v2)', async () => {
    const store = await stores.open({ containerPrefix: 'legacyseq_' });
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-old' }));
    const client = server.client();
    try {
      const raw = toDoc(CODECS.checkpoint, { ...makeCheckpoint({ runId: 'run-old' }), seq: 2, createdAt: new Date() });
      await client.database(stores.databaseId).container('legacyseq_checkpoints').items.create(raw);
    } finally {
      client.dispose();
    }
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-old' }))).seq).toBe(3);
    await expect(store.restoreCheckpoint({ ...makeCheckpoint({ runId: 'run-old' }), seq: 2, createdAt: new Date() })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('refuses a duplicate id without leaving it in the head (the test server commits the head half of the batch)', async () => {
    const store = await stores.open({ containerPrefix: 'dupid_' });
    const c1 = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-dup' }));
    await expect(store.saveCheckpoint(makeCheckpoint({ runId: 'run-dup', id: c1.id }))).rejects.toThrow(/already exists in run/);
    expect(await store.getRun('run-dup', SINGLE_TENANT)).toMatchObject({ checkpointCount: 1 });
    const c2 = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-dup', expectedLatestId: c1.id }));
    expect(c2.seq).toBeGreaterThan(1); // 2 on Azure (atomic batch); the test server's repaired head skips one seq
  });

  it('reports a batch the service rejects as a StorageError, and gives up after too many lost commits', async () => {
    const store = await stores.open({ containerPrefix: 'fail_' });
    const spy = jest.spyOn(Collection.prototype, 'batch').mockResolvedValue([{ statusCode: 424, requestCharge: 0 }, { statusCode: 400, requestCharge: 0 }]);
    await expect(store.saveCheckpoint(makeCheckpoint({ runId: 'run-fail' }))).rejects.toBeInstanceOf(StorageError);
    spy.mockResolvedValue([{ statusCode: 412, requestCharge: 0 }, { statusCode: 424, requestCharge: 0 }]);
    await expect(store.saveCheckpoint(makeCheckpoint({ runId: 'run-fail' }))).rejects.toThrow(/after 100 attempts/);
    spy.mockRestore();
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-fail' }));
    jest.spyOn(Collection.prototype, 'batch').mockResolvedValue([{ statusCode: 412, requestCharge: 0 }]);
    await expect(store.updateRun('run-fail', { status: 'failed' }, SINGLE_TENANT)).rejects.toThrow(/20 consecutive update attempts/);
  }, 30_000);
});
