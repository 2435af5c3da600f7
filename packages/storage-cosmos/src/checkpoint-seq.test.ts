import { describe, expect, it } from '@jest/globals';
import type { SqlQuerySpec } from '@azure/cosmos';
import { makeCheckpoint } from '@alma/storage-conformance';
import { ConflictError } from '@alma/types';
import { KeyedLock, RunSequencer, saveCheckpoint } from './checkpoints.js';
import type { Doc } from './collection.js';
import type { StoreContext } from './store-context.js';

/**
 * The seq-assignment loop against a scripted checkpoints container: another process keeps taking the seq this
 * writer tries (409), or the checkpoint id already exists in the run.
 */
function scripted(options: { maxSeqs: number[]; takenSeqs: Set<number>; existingId?: string }) {
  const created: Doc[] = [];
  const queries: string[] = [];
  const checkpoints = {
    async queryAll<T>(spec: SqlQuerySpec): Promise<T[]> {
      queries.push(spec.query);
      return [options.maxSeqs.shift() ?? Math.max(0, ...created.map((d) => d['seq'] as number))] as T[];
    },
    async create(doc: Doc): Promise<boolean> {
      if (options.takenSeqs.has(doc['seq'] as number) || doc['almaId'] === options.existingId) return false;
      created.push(doc);
      return true;
    },
    async read(id: string) {
      return options.existingId !== undefined && id === options.existingId ? { doc: { id }, etag: 'e' } : undefined;
    },
  };
  const ctx = { c: { checkpoints }, vectorMode: 'in-process', now: () => new Date(0) } as unknown as StoreContext;
  return { ctx, created, queries };
}

describe('checkpoint seq assignment (409 retry)', () => {
  it('moves past seqs another writer took and never reuses one', async () => {
    // The first max read is stale (0) while seqs 1..3 are already taken elsewhere; the re-read says 3.
    const { ctx, created } = scripted({ maxSeqs: [0, 1, 3], takenSeqs: new Set([1, 2, 3]) });
    const saved = await saveCheckpoint(ctx, new RunSequencer(), makeCheckpoint({ runId: 'run-1' }));
    expect(saved.seq).toBe(4);
    expect(created.map((d) => d['seq'])).toEqual([4]);
  });

  it('remembers the last seq it wrote, so the next write needs no max-seq query, and forgets it on delete', async () => {
    const { ctx, created, queries } = scripted({ maxSeqs: [], takenSeqs: new Set() });
    const seqs = new RunSequencer();
    await saveCheckpoint(ctx, seqs, makeCheckpoint({ runId: 'run-1' }));
    await saveCheckpoint(ctx, seqs, makeCheckpoint({ runId: 'run-1' }));
    expect(created.map((d) => d['seq'])).toEqual([1, 2]);
    expect(queries).toHaveLength(1);
    expect(seqs.hint('run-1')).toBe(2);
    seqs.forget('run-1');
    expect(seqs.hint('run-1')).toBeUndefined();
    seqs.remember('a', 1);
    seqs.forget();
    expect(seqs.hint('a')).toBeUndefined();
  });

  it('keeps a bounded number of hints, dropping the least recently written run', () => {
    const seqs = new RunSequencer();
    for (let i = 0; i <= RunSequencer.MAX_HINTS; i++) seqs.remember(`run-${i}`, i);
    expect(seqs.hint('run-0')).toBeUndefined();
    expect(seqs.hint(`run-${RunSequencer.MAX_HINTS}`)).toBe(RunSequencer.MAX_HINTS);
  });

  it('reports a duplicate checkpoint id in the run as ConflictError instead of retrying', async () => {
    const input = makeCheckpoint({ runId: 'run-1', id: 'ckpt_dup' });
    const { ctx, created } = scripted({ maxSeqs: [0], takenSeqs: new Set(), existingId: 'ckpt_dup' });
    await expect(saveCheckpoint(ctx, new RunSequencer(), input)).rejects.toBeInstanceOf(ConflictError);
    expect(created).toEqual([]);
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
