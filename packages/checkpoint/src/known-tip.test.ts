import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { StaleCheckpointError, WorkflowContext, type CheckpointRecord, type ScopeFilter } from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import { messages, runContext } from './test-support/fixtures.js';

/** A store counting the tip reads a writer makes before saving. */
class TipReadCountingStore extends MemoryStorage {
  tipReads = 0;
  override async getLatestCheckpoint(
    runId: string,
    scope: ScopeFilter,
    options?: { readonly branchId?: string | null },
  ): Promise<CheckpointRecord | undefined> {
    this.tipReads++;
    return super.getLatestCheckpoint(runId, scope, options);
  }
}

describe('writes on the tip this manager knows (no store read, checked atomically by the store)', () => {
  it('reads the tip once per branch, then chains each write on the one it wrote', async () => {
    const storage = new TipReadCountingStore();
    const manager = new CheckpointManager(storage);
    const ctx = runContext({ tenantId: 't' });
    const written: string[] = [];
    for (let i = 0; i < 5; i++) written.push((await manager.checkpoint(ctx, `n${i}`, { messages: messages(10 + i) })).checkpoint.id);
    expect(storage.tipReads).toBe(1); // the first write of the run only
    const stored = await storage.listCheckpoints(ctx.runId as string, { tenantId: 't' });
    expect(stored.map((c) => c.parentCheckpointId ?? null)).toEqual([null, ...written.slice(0, -1)]);
    expect(stored.slice(1).every((c) => c.encoding === 'delta')).toBe(true);
  });

  it('chains on the real tip when another writer moved it (the stale cached tip costs one retry)', async () => {
    const storage = new TipReadCountingStore();
    const a = new CheckpointManager(storage);
    const b = new CheckpointManager(storage);
    const ctx = runContext({ tenantId: 't' });
    await a.checkpoint(ctx, 'a1', { messages: messages(3) });
    const other = await b.checkpoint(ctx, 'b1', { messages: messages(4) }); // a's cached tip is now stale
    const next = await a.checkpoint(ctx, 'a2', { messages: messages(5) });
    expect(next.checkpoint.parentCheckpointId).toBe(other.checkpoint.id);
    const fresh = new CheckpointManager(storage);
    expect((await fresh.getResumePoint(ctx.runId as string, ctx))?.state).toEqual({ messages: messages(5) });
  });

  it('asks the store before skipping an unchanged state (another writer may have moved the tip)', async () => {
    const storage = new TipReadCountingStore();
    const a = new CheckpointManager(storage, { skipUnchanged: true });
    const b = new CheckpointManager(storage);
    const ctx = runContext({ tenantId: 't' });
    await a.checkpoint(ctx, 'a1', { v: 1 });
    await b.checkpoint(ctx, 'b1', { v: 2 });
    const again = await a.checkpoint(ctx, 'a2', { v: 1 }); // equal to a's cached tip, not to the store's
    expect(again.skipped).toBe(false);
    expect(again.checkpoint.seq).toBe(3);
    const same = await a.checkpoint(ctx, 'a3', { v: 1 }); // now equal to the store's tip
    expect(same.skipped).toBe(true);
    expect(same.checkpoint.seq).toBe(3);
  });

  it('refuses an explicit parent the store no longer has as tip, even when it is the cached one', async () => {
    const storage = new TipReadCountingStore();
    const a = new CheckpointManager(storage);
    const b = new CheckpointManager(storage);
    const ctx = runContext({ tenantId: 't' });
    const first = await a.checkpoint(ctx, 'a1', { v: 1 });
    await b.checkpoint(ctx, 'b1', { v: 2 });
    await expect(a.checkpoint(ctx, 'a2', { v: 3 }, { parentCheckpointId: first.checkpoint.id })).rejects.toBeInstanceOf(
      StaleCheckpointError,
    );
    expect((await storage.listCheckpoints(ctx.runId as string, { tenantId: 't' })).map((c) => c.seq)).toEqual([1, 2]);
  });

  it('keeps tenants apart: one tenant\'s cached tip is never used for another tenant\'s write', async () => {
    const storage = new TipReadCountingStore();
    const manager = new CheckpointManager(storage);
    const ctxA = runContext({ tenantId: 'a' });
    await manager.checkpoint(ctxA, 'n1', { v: 1 });
    const reads = storage.tipReads;
    const ctxB = WorkflowContext.from({ workflowId: 'wf', runId: ctxA.runId as string, tenantId: 'b' }); // same run id
    const b = await manager.checkpoint(ctxB, 'n1', { v: 2 });
    expect(storage.tipReads).toBe(reads + 1);
    expect(b.checkpoint.parentCheckpointId).toBeUndefined();
  });
});
