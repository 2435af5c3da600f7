import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { ConflictError, StaleCheckpointError, StorageError, type CheckpointRecord, type NewCheckpoint } from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import { messages, runContext, v1Store } from './test-support/fixtures.js';

/** A store counting the stale writes it refused itself (the atomic check, not the manager's read). */
class CountingStore extends MemoryStorage {
  refused = 0;
  override async saveCheckpoint(input: NewCheckpoint): Promise<CheckpointRecord> {
    try {
      return await super.saveCheckpoint(input);
    } catch (error) {
      if (error instanceof StaleCheckpointError) this.refused++;
      throw error;
    }
  }
}

/** Two workers ("processes"): separate managers, hence separate caches, over one store. */
function twoWorkers() {
  const storage = new CountingStore();
  return { storage, a: new CheckpointManager(storage), b: new CheckpointManager(storage) };
}

describe('stale writes (atomic, storage contract v2)', () => {
  it('lets exactly one of many workers racing from the same tip win; the others store nothing', async () => {
    const { storage, a, b } = twoWorkers();
    const ctx = runContext({ tenantId: 't' });
    const runId = ctx.runId as string;
    await a.checkpoint(ctx, 'n1', { messages: messages(20) });
    const tip = await a.checkpoint(ctx, 'n2', { messages: messages(21) });
    expect(tip.checkpoint.encoding).toBe('delta');
    const racers = Array.from({ length: 10 }, (_, i) =>
      (i % 2 === 0 ? a : b).checkpoint(ctx, `w${i}`, { messages: messages(22 + i) }, { parentCheckpointId: tip.checkpoint.id }),
    );
    const results = await Promise.allSettled(racers);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof StaleCheckpointError)).toBe(true);
    expect(storage.refused).toBeGreaterThan(0); // the race reached the store, which refused atomically
    const stored = await storage.listCheckpoints(runId, { tenantId: 't' });
    expect(stored.map((c) => c.seq)).toEqual([1, 2, 3]);
    const fresh = new CheckpointManager(storage);
    expect((await fresh.getResumePoint(runId, ctx))?.state).toEqual(
      (won[0] as PromiseFulfilledResult<{ checkpoint: { state: unknown } }>).value.checkpoint.state,
    );
  });

  it('lets one of two workers start a new branch from the fork point', async () => {
    const { a, b } = twoWorkers();
    const ctx = runContext();
    const fork = await a.checkpoint(ctx, 'fork', { v: 0 });
    const parent = { parentCheckpointId: fork.checkpoint.id };
    const results = await Promise.allSettled([
      a.checkpoint(ctx.withBranch('x'), 'x1', { v: 1 }, parent),
      b.checkpoint(ctx.withBranch('x'), 'x1', { v: 2 }, parent),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await a.listCheckpoints(ctx.runId as string, undefined, { branchId: 'x' })).toHaveLength(1);
  });

  it('refuses a cancelled worker that continues from an old checkpoint', async () => {
    const { a: zombie, b: successor } = twoWorkers();
    const ctx = runContext();
    const resumed = await zombie.checkpoint(ctx, 'n1', { messages: messages(10) });
    await successor.checkpoint(ctx, 'n2', { messages: messages(11) }, { parentCheckpointId: resumed.checkpoint.id });
    const late = zombie.checkpoint(ctx, 'n2', { messages: messages(12) }, { parentCheckpointId: resumed.checkpoint.id });
    await expect(late).rejects.toBeInstanceOf(StaleCheckpointError);
    expect(await successor.listCheckpoints(ctx.runId as string)).toHaveLength(2);
  });

  it('keeps concurrent writers without a parent working: deltas retry, then fall back to a snapshot', async () => {
    const { storage, a, b } = twoWorkers();
    const ctx = runContext();
    await a.checkpoint(ctx, 'start', { messages: messages(30) });
    const writes = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).checkpoint(ctx, `w${i}`, { messages: messages(31 + i) }),
    );
    const results = await Promise.all(writes);
    expect(results.every((r) => !r.skipped)).toBe(true);
    const all = await new CheckpointManager(storage).listCheckpoints(ctx.runId as string, undefined, { limit: 100 });
    expect(all).toHaveLength(21);
    const byId = new Map(results.map((r) => [r.checkpoint.id, r.checkpoint.state]));
    for (const c of all.slice(1)) expect(c.state).toEqual(byId.get(c.id));
  });

  it('refuses a late write to a run deleted by another worker (tombstone)', async () => {
    const { a, b } = twoWorkers();
    const ctx = runContext({ tenantId: 't' });
    await a.checkpoint(ctx, 'n1', { v: 1 });
    await b.cleanup(ctx.runId as string, ctx);
    await expect(a.checkpoint(ctx, 'late', { v: 2 })).rejects.toBeInstanceOf(ConflictError);
    await expect(a.getResumePoint(ctx.runId as string, ctx)).resolves.toBeUndefined();
  });
});

describe('a storage contract v1 store', () => {
  it('gets full states and no v2 fields, and still refuses a stale parent (read, then write)', async () => {
    const { store, inputs } = v1Store();
    const manager = new CheckpointManager(store);
    const ctx = runContext();
    const one = await manager.checkpoint(ctx, 'n1', { messages: messages(20) });
    await manager.checkpoint(ctx, 'n2', { messages: messages(21) }, { parentCheckpointId: one.checkpoint.id });
    await manager.checkpoint(ctx.withBranch('b'), 'b1', { messages: messages(22) });
    const stale = manager.checkpoint(ctx, 'n3', { messages: messages(23) }, { parentCheckpointId: one.checkpoint.id });
    await expect(stale).rejects.toBeInstanceOf(StaleCheckpointError);
    expect(inputs).toHaveLength(3);
    expect(inputs.every((input) => !('encoding' in input) && !('expectedLatestId' in input))).toBe(true);
    expect((await manager.getResumePoint(ctx.runId as string))?.branches).toHaveLength(2);
    await expect(manager.completeRun(ctx)).resolves.toMatchObject({ status: undefined });
  });
});

describe('a store that claims v2 but drops the encoding', () => {
  it('fails loudly and stops writing deltas', async () => {
    class Forgetful extends MemoryStorage {
      override async saveCheckpoint(input: NewCheckpoint): Promise<CheckpointRecord> {
        const { encoding: _dropped, ...rest } = await super.saveCheckpoint(input);
        return rest;
      }
    }
    const manager = new CheckpointManager(new Forgetful());
    const ctx = runContext();
    await manager.checkpoint(ctx, 'n1', { messages: messages(20) });
    await expect(manager.checkpoint(ctx, 'n2', { messages: messages(21) })).rejects.toBeInstanceOf(StorageError);
    const next = await manager.checkpoint(ctx, 'n3', { messages: messages(22) });
    expect(next.checkpoint.encoding).toBeUndefined();
  });
});
