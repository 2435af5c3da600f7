import { describe, expect, it } from '@jest/globals';
import { emptyMemorySlice } from '@alma/types';
import { RetrievalCache, couldInclude, type CacheEntryScope } from './cache.js';

const scope = (filter: CacheEntryScope['filter'], agents?: string[]): CacheEntryScope => ({
  projectId: 'p1',
  filter,
  agents,
});

describe('couldInclude', () => {
  it('matches on project, readable agents and overlapping hierarchy', () => {
    const entry = scope({ tenantId: 't1', workflowId: 'wf1' }, ['alice']);
    expect(couldInclude(entry, { projectId: 'p1' })).toBe(true);
    expect(couldInclude(entry, { projectId: 'p2' })).toBe(false);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'bob' })).toBe(false);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: { tenantId: 't1' } })).toBe(true);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: { tenantId: 't2' } })).toBe(false);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: {} })).toBe(false);
    const run = { tenantId: 't1', workflowId: 'wf1', runId: 'r9', nodeId: 'n1' };
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: run })).toBe(true);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: { ...run, workflowId: 'wf2' } })).toBe(false);
    expect(couldInclude(entry, { projectId: 'p1', agent: 'alice', scopeFilter: { allTenants: true } })).toBe(true);
  });

  it('treats GLOBAL entries and every-agent entries as wide', () => {
    expect(couldInclude(scope({ allTenants: true }, ['alice']), { projectId: 'p1', agent: 'alice', scopeFilter: { tenantId: 'x' } })).toBe(
      true,
    );
    expect(couldInclude(scope({ tenantId: 't1' }), { projectId: 'p1', agent: 'anyone', scopeFilter: { tenantId: 't1' } })).toBe(true);
  });
});

describe('RetrievalCache', () => {
  it('counts, expires, evicts and refuses stale generations', () => {
    let now = 0;
    const cache = new RetrievalCache({ ttlMs: 10, maxEntries: 2, clock: () => now });
    const slice = emptyMemorySlice();
    expect(cache.get('a')).toBeUndefined();
    const gen = cache.generation;
    cache.set('a', slice, scope({}));
    expect(cache.get('a')).toBe(slice);
    cache.set('b', slice, scope({}));
    cache.set('c', slice, scope({}));
    expect(cache.get('a')).toBeUndefined(); // evicted (least recently used)
    now = 20;
    expect(cache.get('b')).toBeUndefined(); // expired
    cache.clear();
    expect(cache.set('d', slice, scope({}), gen)).toBe(false);
    expect(cache.stats()).toEqual({ hits: 1, misses: 3, size: 0, evictions: 1, invalidations: 1, expirations: 1 });
  });

  it('defaults to 1000 entries for 5 minutes', () => {
    const cache = new RetrievalCache();
    cache.set('k', emptyMemorySlice(), scope({}));
    expect(cache.get('k')).toBeDefined();
    expect(cache.invalidate({ projectId: 'p1' })).toBe(1);
  });
});
