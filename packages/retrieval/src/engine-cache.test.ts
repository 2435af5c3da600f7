import { describe, expect, it } from '@jest/globals';
import type { Heuristic } from '@alma/types';
import { MemoryStorage } from '@alma/storage-memory';
import { RetrievalEngine } from './engine.js';
import { HashingEmbedder } from './embedding/hashing.js';
import type { EmbeddingProvider } from './embedding/provider.js';
import { NOW, heuristic, preference } from './test-support/records.js';

const req = { task: 'Rotate the TLS certificates', agent: 'alice', projectId: 'p1', userId: 'u1' };
const fact = (id: string, extra: Partial<Heuristic> = {}) =>
  heuristic({ id, condition: 'tls certificates expire', strategy: 'rotate the TLS certificates early', ...extra });

async function setup(cache?: { ttlMs?: number; maxEntries?: number } | false) {
  const storage = new MemoryStorage();
  const embedder = new HashingEmbedder();
  let calls = 0;
  const counting: EmbeddingProvider = {
    id: embedder.id,
    dimension: embedder.dimension,
    embed: (texts) => {
      calls++;
      return embedder.embed(texts);
    },
  };
  const clock = { now: NOW.getTime() };
  const engine = new RetrievalEngine({
    storage,
    embedder: counting,
    now: () => new Date(clock.now),
    scopes: { alice: { agentName: 'alice', inheritFrom: ['bob'] } },
    ...(cache === undefined ? {} : { cache }),
  });
  const save = async (id: string, extra: Partial<Heuristic> = {}) => {
    const record = fact(id, extra);
    await storage.saveMemory('heuristic', { ...record, embedding: embedder.embedSync(`${record.condition} ${record.strategy}`) });
  };
  return { storage, engine, save, clock, calls: () => calls };
}

const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id).sort();

describe('RetrievalEngine cache', () => {
  it('serves a repeated query (any case and spacing) from the cache and counts hits and misses', async () => {
    const { engine, save, calls } = await setup();
    await save('h1');
    const first = await engine.retrieve(req);
    const second = await engine.retrieve({ ...req, task: '  rotate the tls   CERTIFICATES ' });
    expect(ids(second.heuristics)).toEqual(['h1']);
    expect(first.metadata['cache']).toBe('miss');
    expect(second.metadata['cache']).toBe('hit');
    expect(second.query).toBe('rotate the tls   CERTIFICATES'); // trimmed, not the cached task
    expect(calls()).toBe(1);
    expect(engine.cacheStats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
    // A caller changing the returned slice does not change what the cache holds.
    second.heuristics.length = 0;
    expect((await engine.retrieve(req)).heuristics).toHaveLength(1);
  });

  it('keys on scope, context, topK, user and output switches', async () => {
    const { engine } = await setup();
    await engine.retrieve(req);
    await engine.retrieve({ ...req, topK: 3 });
    await engine.retrieve({ ...req, userId: 'u2' });
    await engine.retrieve({ ...req, scope: 'tenant' });
    await engine.retrieve({ ...req, context: { tenantId: 't1' } });
    await engine.retrieve({ ...req, includeWorkflowOutcomes: true });
    await engine.retrieve({ ...req, agent: 'bob' });
    expect(engine.cacheStats()).toMatchObject({ hits: 0, misses: 7, size: 7 });
  });

  it('is invalidated by a write in the same project and tenant, so the new memory shows up', async () => {
    const { engine, save } = await setup();
    await save('h1');
    await engine.retrieve(req);
    await save('h2');
    expect(ids((await engine.retrieve(req)).heuristics)).toEqual(['h1']); // stale until told
    expect(engine.invalidate({ projectId: 'p1', agent: 'alice', scopeFilter: {} })).toBe(1);
    expect(ids((await engine.retrieve(req)).heuristics)).toEqual(['h1', 'h2']);
    expect(engine.cacheStats()).toMatchObject({ invalidations: 1 });
  });

  it('keeps entries a write cannot affect: other project, tenant, workflow, or an unreadable agent', async () => {
    const { engine } = await setup();
    await engine.retrieve(req); // single tenant, agents alice + bob
    await engine.retrieve({ ...req, scope: 'workflow', context: { tenantId: 't1', workflowId: 'wf1' } });
    expect(engine.invalidate({ projectId: 'p2' })).toBe(0);
    expect(engine.invalidate({ projectId: 'p1', scopeFilter: { tenantId: 't9' } })).toBe(0);
    expect(engine.invalidate({ projectId: 'p1', agent: 'dave', scopeFilter: {} })).toBe(0);
    expect(engine.invalidate({ projectId: 'p1', agent: 'bob', scopeFilter: { tenantId: 't1', workflowId: 'wf2' } })).toBe(0);
    // bob is readable by alice: his write in the single-tenant data clears alice's entry.
    expect(engine.invalidate({ projectId: 'p1', agent: 'bob', scopeFilter: {} })).toBe(1);
    // a user preference write (no agent) clears the tenant's entries whatever their workflow filter.
    expect(engine.invalidate({ projectId: 'p1', scopeFilter: { tenantId: 't1', workflowId: 'wf2' } })).toBe(1);
    expect(engine.cacheStats().size).toBe(0);
  });

  it('clears a GLOBAL entry on any agent write, a TENANT entry only on writes of agents it can read', async () => {
    const { engine } = await setup();
    await engine.retrieve({ ...req, scope: 'tenant', context: { tenantId: 't1' } });
    await engine.retrieve({ ...req, scope: 'global', admin: true });
    // zed is not readable by the requesting agent: only the GLOBAL entry could include its write.
    expect(engine.invalidate({ projectId: 'p1', agent: 'zed', scopeFilter: { tenantId: 't2' } })).toBe(1);
    expect(engine.invalidate({ projectId: 'p1', agent: 'zed', scopeFilter: { tenantId: 't1' } })).toBe(0);
    expect(engine.invalidate({ projectId: 'p1', agent: req.agent, scopeFilter: { tenantId: 't1' } })).toBe(1);
  });

  it('does not store a result computed across a concurrent write', async () => {
    const { storage, save } = await setup();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const inner = new HashingEmbedder();
    const slow: EmbeddingProvider = {
      id: 'slow',
      dimension: inner.dimension,
      embed: async (t) => {
        await gate;
        return inner.embed(t);
      },
    };
    const engine = new RetrievalEngine({ storage, embedder: slow, now: () => NOW });
    await save('h1');
    const pending = engine.retrieve(req);
    engine.invalidate({ projectId: 'p1', agent: 'alice' });
    release();
    await pending;
    expect(engine.cacheStats().size).toBe(0);
  });

  it('expires entries after ttlMs and evicts the least recently used beyond maxEntries', async () => {
    const { engine, clock } = await setup({ ttlMs: 1000, maxEntries: 2 });
    await engine.retrieve(req);
    clock.now += 1001;
    await engine.retrieve(req);
    expect(engine.cacheStats()).toMatchObject({ hits: 0, misses: 2, expirations: 1 });
    await engine.retrieve({ ...req, topK: 2 });
    await engine.retrieve(req); // touch: req is now most recent
    await engine.retrieve({ ...req, topK: 3 }); // evicts topK 2
    expect(engine.cacheStats()).toMatchObject({ size: 2, evictions: 1, hits: 1 });
    await engine.retrieve(req);
    expect(engine.cacheStats().hits).toBe(2);
  });

  it('bypassCache recomputes and refreshes; cache: false never caches; clearCache empties', async () => {
    const { engine, calls } = await setup();
    await engine.retrieve(req);
    await engine.retrieve({ ...req, bypassCache: true });
    expect(calls()).toBe(2);
    expect(engine.cacheStats().size).toBe(1);
    engine.clearCache();
    expect(engine.cacheStats().size).toBe(0);
    const off = await setup(false);
    await off.engine.retrieve(req);
    await off.engine.retrieve(req);
    expect(off.calls()).toBe(2);
    expect(off.engine.invalidate({ projectId: 'p1' })).toBe(0);
    off.engine.clearCache();
    expect(off.engine.cacheStats()).toEqual({ hits: 0, misses: 0, size: 0, evictions: 0, invalidations: 0, expirations: 0 });
  });

  it('serves preferences from the cache until a preference write invalidates', async () => {
    const { storage, engine } = await setup();
    await storage.saveMemory('user_preference', preference({ id: 'p-a', preference: 'rotate certificates monthly' }));
    expect(ids((await engine.retrieve(req)).preferences)).toEqual(['p-a']);
    await storage.saveMemory('user_preference', preference({ id: 'p-b', preference: 'never on fridays' }));
    engine.invalidate({ projectId: 'p1' });
    expect(ids((await engine.retrieve(req)).preferences)).toEqual(['p-a', 'p-b']);
  });
});
