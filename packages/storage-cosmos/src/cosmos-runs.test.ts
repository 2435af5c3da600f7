import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Items, QueryIterator, type OperationInput } from '@azure/cosmos';
import { at, makeCheckpoint, makeHeuristic } from '@alma/storage-conformance';
import { SINGLE_TENANT, StorageError, type PortableRecord } from '@alma/types';
import { Collection } from './collection.js';
import type { CosmosStorage } from './cosmos-storage.js';
import { CODECS, toDoc } from './documents.js';
import { syncCatalog } from './run-commit.js';
import { withCheckpoint } from './run-head.js';
import type { StoreContext } from './store-context.js';
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
const T = { tenantId: 'tenant-r' };

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

/** Writes checkpoint documents the way the adapter did before run heads (no head, no storedBytes). */
async function writeLegacy(container: string, records: ReturnType<typeof makeCheckpoint>[]): Promise<void> {
  const client = server.client();
  try {
    for (const [i, r] of records.entries()) {
      const { storedBytes: _dropped, ...doc } = toDoc(CODECS.checkpoint, { ...r, seq: i + 1 });
      await client.database(stores.databaseId).container(container).items.create(doc);
    }
  } finally {
    client.dispose();
  }
}

describe('run document concurrency', () => {
  it('keeps every concurrent change from several clients: counters exact, catalog equal to the head', async () => {
    const all = await clients('runconc_', 4);
    await nth(all, 0).saveCheckpoint(makeCheckpoint({ runId: 'run-c', ...T }));
    await Promise.all(
      all.map(async (store, i) => {
        for (const k of range(4)) {
          await store.saveCheckpoint(makeCheckpoint({ runId: 'run-c', ...T, branchId: `b${i}`, createdAt: at(k) }));
          expect(await store.updateRun('run-c', { agent: `agent-${i}`, metadata: { writer: i, k } }, T)).toBe(true);
        }
      }),
    );
    const run = await nth(all, 1).getRun('run-c', T);
    expect(run).toMatchObject({ checkpointCount: 17, latestSeq: 17, branches: ['b0', 'b1', 'b2', 'b3'] });
    expect(run?.metadata['k']).toBe(4);
    expect(run?.agent).toBe(`agent-${String(run?.metadata['writer'])}`); // agent and metadata of one and the same update
    expect((await nth(all, 2).listRuns({ scope: T })).runs).toEqual([run]);
  }, 30_000);

  it('re-applies an updateRun whose head replace lost to a concurrent checkpoint (412)', async () => {
    const [a, b] = await two('run412_');
    await a.saveCheckpoint(makeCheckpoint({ runId: 'run-u', ...T }));
    const batch = Collection.prototype.batch;
    let interfered = false;
    const results: string[] = [];
    const spy = jest.spyOn(Collection.prototype, 'batch').mockImplementation(async function (this: Collection, ops: OperationInput[], pk: string) {
      if (!interfered) {
        interfered = true;
        await b.saveCheckpoint(makeCheckpoint({ runId: 'run-u', ...T, createdAt: at(9) }));
      }
      const out = await batch.call(this, ops, pk);
      results.push(out.map((r) => r.statusCode).join(','));
      return out;
    });
    const read = jest.spyOn(Collection.prototype, 'read');
    expect(await a.updateRun('run-u', { status: 'failed' }, T)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(results).toEqual(['200,201', '412', '200']); // B's save (head, checkpoint); A's lost replace; A's retry
    expect(read.mock.calls.filter(([id]) => id === '~run')).toHaveLength(3); // A's read, B's, A's re-read
    const run = await a.getRun('run-u', T);
    expect(run).toMatchObject({ status: 'failed', checkpointCount: 2, lastAt: at(9) });
    expect((await a.listRuns({ scope: T })).runs).toEqual([run]);
  });

  it('never moves the catalog back to an older revision; a failed catalog sync is repaired by the next change', async () => {
    const store = await stores.open({ containerPrefix: 'catalog_' });
    const ctx = (store as unknown as { ctx: StoreContext }).ctx;
    const first = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-k', ...T, createdAt: at(1) }));
    await syncCatalog(ctx, withCheckpoint(undefined, first, 1)); // revision 1, older than the stored one
    expect((await store.listRuns({ scope: T })).runs[0]?.checkpointCount).toBe(1);
    jest.spyOn(Collection.prototype, 'replaceIfMatch').mockRejectedValueOnce(new StorageError('cosmos', 'replace run failed [503]'));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-k', ...T, createdAt: at(5) })); // stored, catalog lags
    expect((await store.getRun('run-k', T))?.lastAt).toEqual(at(5));
    expect((await store.listRuns({ scope: T })).runs[0]?.lastAt).toEqual(at(1));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-k', ...T, createdAt: at(6) }));
    expect((await store.listRuns({ scope: T })).runs).toEqual([await store.getRun('run-k', T)]);
  });

  it('recomputes counters and branch tips after retention deletes', async () => {
    const store = await stores.open({ containerPrefix: 'retain_' });
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-ret', createdAt: at(1) }));
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-ret', branchId: 'b', createdAt: at(2) }));
    const m2 = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-ret', createdAt: at(3) }));
    expect(await store.deleteCheckpointsOlderThan(at(3), SINGLE_TENANT)).toBe(2);
    expect(await store.getRun('run-ret', SINGLE_TENANT)).toMatchObject({ checkpointCount: 1, latestSeq: 3, branches: [] });
    // Branch b has no checkpoint left: its first write expects none again; the main line continues from m2.
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-ret', branchId: 'b', expectedLatestId: null }));
    expect((await store.saveCheckpoint(makeCheckpoint({ runId: 'run-ret', expectedLatestId: m2.id }))).seq).toBe(5);
  });
});

describe('runs written before run heads', () => {
  it('are summarised from their checkpoints, get a head on their next change and join the catalog', async () => {
    const store = await stores.open({ containerPrefix: 'legacy_' });
    const old = [makeCheckpoint({ runId: 'run-l', ...T, createdAt: at(1), state: '{"a":"ü"}' }), makeCheckpoint({ runId: 'run-l', ...T, branchId: 'x', createdAt: at(2) })];
    await writeLegacy('legacy_checkpoints', old);
    const run = await store.getRun('run-l', T);
    expect(run).toMatchObject({ runId: 'run-l', tenantId: T.tenantId, checkpointCount: 2, latestSeq: 2, branches: ['x'], firstAt: at(1), lastAt: at(2) });
    expect(run?.storedBytes).toBe(old.reduce((n, c) => n + Buffer.byteLength(c.state, 'utf8'), 0));
    expect((await store.listRuns({ scope: T })).runs).toEqual([]);
    expect(await store.updateRun('run-l', { status: 'completed' }, T)).toBe(true);
    expect((await store.listRuns({ scope: T })).runs.map((r) => r.status)).toEqual(['completed']);
    const next = await store.saveCheckpoint(makeCheckpoint({ runId: 'run-l', ...T, expectedLatestId: nth(old, 0).id }));
    expect(next.seq).toBe(3);
  });
});

describe('catalog reads and export', () => {
  it('lists a tenant from its partition only, applies metadata filters across pages', async () => {
    const store = await stores.open({ containerPrefix: 'list_' });
    for (const i of range(9)) {
      await store.saveCheckpoint(makeCheckpoint({ runId: `run-${i}`, ...T, createdAt: at(i) }));
      await store.updateRun(`run-${i}`, { metadata: { even: i % 2 === 0 } }, T);
    }
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-other', tenantId: 'tenant-o' }));
    const queries: { query: string; partitionKey: unknown }[] = [];
    const query = Items.prototype.query;
    jest.spyOn(Items.prototype, 'query').mockImplementation(function (this: Items, spec: unknown, options?: { partitionKey?: unknown }) {
      queries.push({ query: (spec as { query: string }).query, partitionKey: options?.partitionKey });
      return query.call(this, spec as string, options as never);
    } as never);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listRuns({ scope: T, metadata: { even: true }, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.runs.map((r) => r.runId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['run-8', 'run-6', 'run-4', 'run-2']);
    expect(queries.every((q) => q.partitionKey === T.tenantId && q.query.includes('c.pk = @p0'))).toBe(true);
    queries.length = 0;
    expect((await store.listRuns({ scope: { allTenants: true }, limit: 20 })).runs).toHaveLength(10);
    expect(queries).toEqual([{ query: expect.not.stringContaining('c.pk'), partitionKey: undefined }]);
  });

  it('exports page by page, checkpoints by run and seq, without deleted runs', async () => {
    const store = await stores.open({ containerPrefix: 'export_' });
    await store.saveMemories('heuristic', range(5).map(() => makeHeuristic()));
    for (const runId of ['r-b', 'r-a', 'r-c']) {
      for (const _ of range(3)) await store.saveCheckpoint(makeCheckpoint({ runId, ...(runId === 'r-b' ? T : {}) }));
    }
    await store.deleteCheckpoints('r-c', SINGLE_TENANT);
    await writeLegacy('export_checkpoints', [makeCheckpoint({ runId: 'r-0' })]);
    const query = Items.prototype.query;
    jest.spyOn(Items.prototype, 'query').mockImplementation(function (this: Items, spec: unknown, options?: object) {
      return query.call(this, spec as string, { ...options, maxItemCount: 2 });
    } as never);
    const pages = jest.spyOn(QueryIterator.prototype, 'fetchNext');
    const out: PortableRecord[] = [];
    for await (const r of store.exportRecords()) out.push(r);
    expect(out.filter((r) => r.kind === 'memory')).toHaveLength(5);
    const checkpoints = out.flatMap((r) => (r.kind === 'checkpoint' ? [`${r.record.runId}#${r.record.seq}`] : []));
    expect(checkpoints).toEqual(['r-0#1', 'r-a#1', 'r-a#2', 'r-a#3', 'r-b#1', 'r-b#2', 'r-b#3']);
    expect(out.flatMap((r) => (r.kind === 'run' ? [r.record.runId] : []))).toEqual(['r-a', 'r-b']);
    expect(out.map((r) => r.kind).lastIndexOf('checkpoint')).toBeLessThan(out.map((r) => r.kind).indexOf('run'));
    expect(pages.mock.calls.length).toBeGreaterThanOrEqual(12);
  });
});
