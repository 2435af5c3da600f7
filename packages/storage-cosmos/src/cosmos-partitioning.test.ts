import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Item, Items, QueryIterator } from '@azure/cosmos';
import { makeArtifactLink, makeCheckpoint, makeHeuristic, makeWorkflowOutcome, unitVector } from '@alma/storage-conformance';
import { ADMIN_ALL_TENANTS, ValidationError } from '@alma/types';
import { MAX_DOCUMENT_BYTES } from './documents.js';
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

type QueryCall = { query: string; partitionKey: unknown };

/** Records the text and partition key of every query the SDK is asked to run. */
function spyQueries(): QueryCall[] {
  const calls: QueryCall[] = [];
  const original = Items.prototype.query;
  jest.spyOn(Items.prototype, 'query').mockImplementation(function (this: Items, spec: unknown, options?: { partitionKey?: unknown }) {
    calls.push({ query: typeof spec === 'string' ? spec : (spec as { query: string }).query, partitionKey: options?.partitionKey });
    return original.call(this, spec as string, options as never);
  } as never);
  return calls;
}

describe('partition routing', () => {
  it('a tenant-scoped memory read is a single-partition query on the tenant partition', async () => {
    const store = await stores.open();
    await store.saveMemory('heuristic', makeHeuristic({ tenantId: 'tenant-a', embedding: unitVector(4, 0) }));
    const calls = spyQueries();
    expect(await store.queryMemories('heuristic', { scope: { tenantId: 'tenant-a', workflowId: 'wf' } })).toEqual([]);
    await store.queryMemories('heuristic', { scope: { tenantId: 'tenant-a' }, embedding: unitVector(4, 0) });
    await store.queryMemories('outcome', { scope: {} });
    await store.getStats({ scope: { tenantId: 'tenant-a' }, projectId: 'p' });
    expect(calls[0]).toEqual({
      query: expect.stringMatching(/^SELECT TOP @p\d+ \* FROM c WHERE c\.pk = @p0 AND c\.tenantId = @p1 AND c\.workflowId = @p2 /),
      partitionKey: 'tenant-a',
    });
    expect(calls.slice(1, 3).map((c) => c.partitionKey)).toEqual(['tenant-a', 'tenant-a']); // candidates, then winners
    expect(calls[3]).toEqual({ query: expect.stringContaining('c.pk = @p0 AND NOT IS_DEFINED(c.tenantId)'), partitionKey: '__none__' });
    expect(calls.slice(4).every((c) => c.partitionKey === 'tenant-a' && c.query.includes('COUNT(1)'))).toBe(true);
  });

  it('reads by id are point reads in the tenant partition; admin reads fan out on purpose', async () => {
    const store = await stores.open();
    const h = makeHeuristic({ tenantId: 'tenant-a' });
    await store.saveMemory('heuristic', h);
    const reads: unknown[] = [];
    const read = Item.prototype.read;
    jest.spyOn(Item.prototype, 'read').mockImplementation(function (this: Item, options?: never) {
      reads.push({ id: this.id, partitionKey: (this as unknown as { partitionKey: unknown }).partitionKey });
      return read.call(this, options);
    } as never);
    const calls = spyQueries();
    expect((await store.getMemory('heuristic', h.id, { tenantId: 'tenant-a' }))?.id).toBe(h.id);
    expect(await store.getMemory('heuristic', h.id, { tenantId: 'tenant-b' })).toBeUndefined();
    expect(reads).toEqual([
      { id: h.id, partitionKey: ['tenant-a'] },
      { id: h.id, partitionKey: ['tenant-b'] },
    ]);
    expect(calls).toEqual([]);
    expect((await store.getMemory('heuristic', h.id, ADMIN_ALL_TENANTS))?.id).toBe(h.id);
    expect(calls).toEqual([{ query: 'SELECT * FROM c WHERE c.id = @p0', partitionKey: undefined }]);
  });

  it('checkpoints route by run, artifact links by memory, workflow outcomes by tenant', async () => {
    const store = await stores.open();
    await store.saveCheckpoint(makeCheckpoint({ runId: 'run-7', tenantId: 'tenant-a' }));
    const h = makeHeuristic({ tenantId: 'tenant-a' });
    await store.saveMemory('heuristic', h);
    await store.saveArtifactLink(makeArtifactLink(h.id, { tenantId: 'tenant-a' }));
    await store.saveWorkflowOutcome(makeWorkflowOutcome({ tenantId: 'tenant-a' }));
    const calls = spyQueries();
    expect(await store.listCheckpoints('run-7', { tenantId: 'tenant-a' })).toHaveLength(1);
    expect(await store.getLatestCheckpoint('run-7', { tenantId: 'tenant-a' })).toBeDefined();
    expect(await store.getArtifactLinks(h.id, { tenantId: 'tenant-a' })).toHaveLength(1);
    expect(await store.queryWorkflowOutcomes({ scope: { tenantId: 'tenant-a' } })).toHaveLength(1);
    expect(calls.map((c) => c.partitionKey)).toEqual(['run-7', 'run-7', h.id, 'tenant-a']);
    expect(calls[0]?.query).toMatch(/c\.runId = @p\d+ ORDER BY c\.seq ASC$/);
    // Without the run in the scope, a checkpoint read by id has to look in every run partition.
    await store.getCheckpoint('ckpt_unknown', { tenantId: 'tenant-a' });
    await store.getCheckpoint('ckpt_unknown', { tenantId: 'tenant-a', runId: 'run-7' });
    expect(calls.slice(4).map((c) => c.partitionKey)).toEqual([undefined, 'run-7']);
  });
});

describe('continuation tokens', () => {
  it('follows every page of a query instead of stopping at the first', async () => {
    const store = await stores.open();
    const records = Array.from({ length: 250 }, (_, i) => makeHeuristic({ lastValidated: new Date(Date.UTC(2024, 0, 1, 0, i)) }));
    await store.saveMemories('heuristic', records);
    // Small pages (as a busy service returns them): the result must still be complete.
    const query = Items.prototype.query;
    jest.spyOn(Items.prototype, 'query').mockImplementation(function (this: Items, spec: unknown, options?: object) {
      return query.call(this, spec as string, { ...options, maxItemCount: 7 });
    } as never);
    const pages = jest.spyOn(QueryIterator.prototype, 'fetchNext');
    const all = await store.queryMemories('heuristic', { scope: {}, topK: 1000 });
    expect(all).toHaveLength(250);
    expect(all.map((s) => s.record.id)).toEqual(records.map((r) => r.id).reverse());
    expect(pages.mock.calls.length).toBeGreaterThanOrEqual(36);
    expect((await store.getStats({ scope: {}, projectId: records[0]?.projectId ?? '' })).counts.heuristic).toBe(250);
  });
});

describe('item ids', () => {
  it('stores ids Cosmos cannot carry under an encoded item id and keeps the original readable', async () => {
    const store = await stores.open({ containerPrefix: 'ids_' });
    const id = 'heur/a\\b?c#d %e..';
    const h = makeHeuristic({ id, tenantId: 'tenant-a' });
    await store.saveMemory('heuristic', h);
    const client = server.client();
    try {
      const container = client.database(stores.databaseId).container('ids_heuristics');
      const { resources } = await container.items.query('SELECT c.id, c.almaId, c.pk FROM c').fetchAll();
      expect(resources).toEqual([{ id: 'heur~2Fa~5Cb~3Fc~23d~20~25e~2E~2E', almaId: id, pk: 'tenant-a' }]);
    } finally {
      client.dispose();
    }
    expect((await store.getMemory('heuristic', id, { tenantId: 'tenant-a' }))?.id).toBe(id);
    expect(await store.updateMemory('heuristic', id, { confidence: 0.1 }, { tenantId: 'tenant-a' })).toBe(true);
    expect(await store.deleteMemory('heuristic', id, { tenantId: 'tenant-a' })).toBe(true);
  });
});

describe('item size', () => {
  it('rejects an item over 2 MB with a ValidationError before any request', async () => {
    const store = await stores.open();
    const creates = jest.spyOn(Items.prototype, 'create');
    const batches = jest.spyOn(Items.prototype, 'batch');
    const state = JSON.stringify({ blob: 'x'.repeat(MAX_DOCUMENT_BYTES) });
    const queries = spyQueries();
    await expect(store.saveCheckpoint(makeCheckpoint({ state }))).rejects.toBeInstanceOf(ValidationError);
    const huge = makeHeuristic({ metadata: { blob: '🧠'.repeat(600_000) } });
    await expect(store.saveMemory('heuristic', huge)).rejects.toThrow(/over the \d+-byte limit/);
    await expect(store.saveMemories('heuristic', [makeHeuristic(), huge])).rejects.toBeInstanceOf(ValidationError);
    expect(creates).not.toHaveBeenCalled();
    expect(batches).not.toHaveBeenCalled();
    expect(queries).toEqual([]); // not even the seq lookup
    expect(store.capabilities.maxRecordBytes).toBe(MAX_DOCUMENT_BYTES);
  });
});
