import { describe, expect, it } from '@jest/globals';
import { at, expectedCheckpoint, makeCheckpoint } from '@alma/storage-conformance';
import { KeyedLock, RunHeads } from './checkpoint-write.js';
import { catalogDoc } from './run-commit.js';
import { headFromDoc, headInScope, headToDoc, summaryOf, tipOf, withCheckpoint, type RunHead } from './run-head.js';

const record = (seq: number, extra: Parameters<typeof makeCheckpoint>[0] = {}) =>
  expectedCheckpoint(makeCheckpoint({ runId: 'run-h', tenantId: 't1', workflowId: 'wf', ...extra }), seq);

describe('run head (pure)', () => {
  it('starts a run from its first checkpoint and follows every branch tip, counters and times', () => {
    let head: RunHead | undefined;
    head = withCheckpoint(head, record(2, { createdAt: at(5) }), 10);
    head = withCheckpoint(head, record(3, { branchId: 'b', createdAt: at(1) }), 20);
    head = withCheckpoint(head, record(4, { branchId: 'a', createdAt: at(9) }), 30);
    head = withCheckpoint(head, record(1, { createdAt: at(3) }), 5); // an import restoring an older seq
    expect(head).toMatchObject({ runId: 'run-h', tenantId: 't1', workflowId: 'wf', status: 'running', latestSeq: 4, checkpointCount: 4 });
    expect(head.storedBytes).toBe(65);
    expect(tipOf(head, null)?.seq).toBe(2); // the lower restored seq does not move the main-line tip back
    expect(tipOf(head, 'a')?.seq).toBe(4);
    expect(head.firstAt).toEqual(at(1));
    expect(head.lastAt).toEqual(at(9));
    expect(head.rev).toBe(4);
    expect(summaryOf(head).branches).toEqual(['a', 'b']);
  });

  it('round-trips through its document, tombstone included', () => {
    const head: RunHead = { ...withCheckpoint(undefined, record(1, { branchId: 'x' }), 3), agent: 'ag', deletedAt: at(7) };
    const doc = headToDoc(head);
    expect(doc).toMatchObject({ id: '~run', kind: 'run', runId: 'run-h', tips: [{ b: 'x', id: head.tips[0]?.id, seq: 1 }] });
    expect(Object.values(doc).includes(undefined)).toBe(false);
    expect(headFromDoc(doc)).toEqual(head);
    const bare = headFromDoc({ id: '~run', runId: 'r', status: 'running', latestSeq: 0, checkpointCount: 0, stateBytes: 0, storedBytes: 0, firstAt: 0, lastAt: 0 });
    expect(bare).toMatchObject({ metadata: {}, tips: [], rev: 0 });
    expect(catalogDoc(head)).toMatchObject({ id: 'run-h', almaId: 'run-h', pk: 't1', deletedAt: at(7).getTime(), rev: head.rev });
  });

  it('checks the tenant part of a scope only', () => {
    const head = withCheckpoint(undefined, record(1), 1);
    expect(headInScope(head, { tenantId: 't1', workflowId: 'other' })).toBe(true);
    expect(headInScope(head, { tenantId: 't2' })).toBe(false);
    expect(headInScope(head, {})).toBe(false);
    expect(headInScope(head, { allTenants: true })).toBe(true);
    const tenantless = withCheckpoint(undefined, { ...record(1), tenantId: undefined } as never, 1);
    expect(headInScope(tenantless, {})).toBe(true);
  });
});

describe('per-store write state', () => {
  it('keeps a bounded number of heads, dropping the least recently written run', () => {
    const heads = new RunHeads();
    const head = withCheckpoint(undefined, record(1), 1);
    for (let i = 0; i <= RunHeads.MAX_CACHED; i++) heads.remember({ ...head, runId: `run-${i}` }, `etag-${i}`, `c-${i}`);
    expect(heads.get('run-0')).toBeUndefined();
    expect(heads.get(`run-${RunHeads.MAX_CACHED}`)?.etag).toBe(`etag-${RunHeads.MAX_CACHED}`);
    expect(heads.catalogEtag(`run-${RunHeads.MAX_CACHED}`)).toBe(`c-${RunHeads.MAX_CACHED}`);
    heads.remember({ ...head, runId: 'run-1' }, undefined); // no ETag known: nothing to reuse
    expect(heads.get('run-1')).toBeUndefined();
    heads.forget('run-2');
    expect(heads.get('run-2')).toBeUndefined();
    heads.forget();
    expect(heads.get(`run-${RunHeads.MAX_CACHED}`)).toBeUndefined();
  });

  it('serialises the writers of one run inside a process (they never race each other)', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = (label: string, ms: number) => async () => {
      order.push(`start ${label}`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`end ${label}`);
      return label;
    };
    const failing = lock.run('run', async () => {
      throw new Error('boom');
    });
    const results = await Promise.all([lock.run('run', slow('a', 20)), lock.run('run', slow('b', 1)), lock.run('other', slow('c', 1))]);
    await expect(failing).rejects.toThrow('boom');
    expect(results).toEqual(['a', 'b', 'c']);
    expect(order.indexOf('end a')).toBeLessThan(order.indexOf('start b'));
    expect(order.indexOf('start c')).toBeLessThan(order.indexOf('end a'));
  });
});
