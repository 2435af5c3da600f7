import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { makeCheckpoint, makeHeuristic } from '@alma/storage-conformance';
import { ConflictError, SINGLE_TENANT, type CheckpointRecord } from '@alma/types';
import { Collection } from './collection.js';
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

describe('checkpoint seq under concurrent writers in several processes', () => {
  it('gives 8 independent stores x 8 concurrent writers seqs 1..64 exactly, through failed commits and retries', async () => {
    const first = await stores.open({ containerPrefix: 'seq_' });
    const others = await Promise.all(range(7).map(() => stores.open({ containerPrefix: 'seq_' })));
    const batches = jest.spyOn(Collection.prototype, 'batch');
    const writers = [first, ...others].flatMap((store) =>
      range(8).map(() => store.saveCheckpoint(makeCheckpoint({ runId: 'run-hot' }))),
    );
    const saved = await Promise.all(writers);
    expect(saved.map((r) => r.seq).sort((a, b) => a - b)).toEqual(range(64));
    const listed = await first.listCheckpoints('run-hot', SINGLE_TENANT, { limit: 1000 });
    expect(listed.map((r) => r.seq)).toEqual(range(64));
    const byId = new Map(saved.map((r) => [r.id, r.seq]));
    expect(listed.every((r) => byId.get(r.id) === r.seq)).toBe(true);
    const results = await Promise.all(batches.mock.results.map((r) => r.value as Promise<{ statusCode: number }[]>));
    const committed = results.filter((ops) => ops.every((op) => op.statusCode < 300)).length;
    expect(committed).toBe(64);
    expect(results.length).toBeGreaterThan(64); // the stores really raced for the same head
    expect((await first.getRun('run-hot', SINGLE_TENANT))?.checkpointCount).toBe(64);
  }, 60_000);

  it('lets exactly one of two racing writers store a checkpoint id', async () => {
    const [a, b] = [await stores.open({ containerPrefix: 'dup_' }), await stores.open({ containerPrefix: 'dup_' })];
    const input = makeCheckpoint({ runId: 'run-dup' });
    const outcomes = await Promise.allSettled([a.saveCheckpoint(input), b.saveCheckpoint({ ...input, nodeId: 'other' })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    const stored = await a.listCheckpoints('run-dup', SINGLE_TENANT);
    expect(stored.map((r: CheckpointRecord) => [r.id, r.seq])).toEqual([[input.id, 1]]);
  });
});

describe('optimistic concurrency (ETags)', () => {
  it('re-reads and re-applies an update when another writer changed the record in between', async () => {
    const [a, b] = [await stores.open({ containerPrefix: 'etag_' }), await stores.open({ containerPrefix: 'etag_' })];
    const h = makeHeuristic();
    await a.saveMemory('heuristic', h);
    const read = Collection.prototype.read;
    let interfered = false;
    const reads = jest.spyOn(Collection.prototype, 'read').mockImplementation(async function (this: Collection, id, pk) {
      const found = await read.call(this, id, pk);
      if (!interfered) {
        interfered = true; // B writes after A read: A's replace must fail its ETag check and retry
        expect(await b.updateMemory('heuristic', h.id, { strategy: 'from B' }, SINGLE_TENANT)).toBe(true);
      }
      return found;
    });
    const replaces = jest.spyOn(Collection.prototype, 'replace');
    expect(await a.updateMemory('heuristic', h.id, { condition: 'from A' }, SINGLE_TENANT)).toBe(true);
    const stored = await a.getMemory('heuristic', h.id, SINGLE_TENANT);
    expect({ condition: stored?.condition, strategy: stored?.strategy }).toEqual({ condition: 'from A', strategy: 'from B' });
    const replaceResults = await Promise.all(replaces.mock.results.map((r) => r.value));
    expect(replaceResults).toEqual(['ok', 'stale', 'ok']); // B's write, A's stale attempt, A's retry
    expect(reads.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('gives up with a ConflictError when the record keeps changing', async () => {
    const store = await stores.open();
    const h = makeHeuristic();
    await store.saveMemory('heuristic', h);
    jest.spyOn(Collection.prototype, 'replace').mockResolvedValue('stale');
    await expect(store.updateMemory('heuristic', h.id, { confidence: 0.2 }, SINGLE_TENANT)).rejects.toThrow(
      /changed under 20 consecutive update attempts/,
    );
  });

  it('counts every concurrent increment from several stores (atomic patch)', async () => {
    const all = [await stores.open({ containerPrefix: 'incr_' }), await stores.open({ containerPrefix: 'incr_' })];
    const h = makeHeuristic({ occurrenceCount: 0, successCount: 0 });
    await all[0]?.saveMemory('heuristic', h);
    const results = await Promise.all(
      range(40).map((i) => all[i % 2]?.incrementHeuristicOccurrence(h.id, i % 4 === 0, SINGLE_TENANT)),
    );
    expect(results.every(Boolean)).toBe(true);
    const stored = await all[1]?.getMemory('heuristic', h.id, SINGLE_TENANT);
    expect([stored?.occurrenceCount, stored?.successCount]).toEqual([40, 10]);
  });
});

describe('saveMemories', () => {
  it('leaves nothing behind when a record of the batch already exists (same partition)', async () => {
    const store = await stores.open();
    const existing = makeHeuristic();
    await store.saveMemory('heuristic', existing);
    const fresh = [makeHeuristic(), makeHeuristic()];
    await expect(store.saveMemories('heuristic', [fresh[0], existing, fresh[1]] as never)).rejects.toThrow(
      new RegExp(`id '${existing.id}' already exists`),
    );
    for (const r of fresh) expect(await store.getMemory('heuristic', r.id, SINGLE_TENANT)).toBeUndefined();
  });

  it('deletes what earlier partitions wrote when a later partition fails', async () => {
    const store = await stores.open();
    const existing = makeHeuristic({ tenantId: 'tenant-b' });
    await store.saveMemory('heuristic', existing);
    const a = makeHeuristic({ tenantId: 'tenant-a' });
    await expect(store.saveMemories('heuristic', [a, makeHeuristic({ tenantId: 'tenant-b' }), existing])).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await store.getMemory('heuristic', a.id, { tenantId: 'tenant-a' })).toBeUndefined();
    expect(await store.queryMemories('heuristic', { scope: { tenantId: 'tenant-b' }, topK: 10 })).toHaveLength(1);
  });

  it('writes more than one batch worth of records per partition', async () => {
    const store = await stores.open();
    const records = range(130).map(() => makeHeuristic());
    expect(await store.saveMemories('heuristic', records)).toEqual(records.map((r) => r.id));
    expect((await store.getStats({ scope: SINGLE_TENANT, projectId: records[0]?.projectId ?? '' })).counts.heuristic).toBe(130);
  });
});
