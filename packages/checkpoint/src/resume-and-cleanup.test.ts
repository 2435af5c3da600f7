import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import {
  StorageError,
  TenantRequiredError,
  ValidationError,
  WorkflowContext,
  type CheckpointRecord,
  type ScopeFilter,
} from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import { sha256Hex } from './hash.js';
import { fakeClock, runContext, setup } from './test-support/fixtures.js';

async function writeRun(manager: ReturnType<typeof setup>['manager'], ctx: WorkflowContext, count: number) {
  const out = [];
  for (let i = 1; i <= count; i++) out.push((await manager.checkpoint(ctx, `n${i}`, { step: i })).checkpoint);
  return out;
}

describe('getResumePoint', () => {
  it('returns the last committed checkpoint with its state', async () => {
    const { manager } = setup();
    const ctx = runContext({ tenantId: 'acme' });
    const written = await writeRun(manager, ctx, 3);
    const resume = await manager.getResumePoint(ctx.runId as string, ctx);
    expect(resume).toMatchObject({
      runId: ctx.runId,
      tenantId: 'acme',
      workflowId: 'wf',
      nodeId: 'n3',
      seq: 3,
      state: { step: 3 },
    });
    expect(resume?.latest).toEqual(written[2]);
    expect(resume?.branches).toEqual([written[2]]);
  });

  it('lists the latest checkpoint of every branch of a parallel run', async () => {
    const { manager } = setup();
    const ctx = runContext();
    await manager.checkpoint(ctx, 'fork', { v: 0 });
    await manager.checkpoint(ctx.withBranch('a'), 'a1', { v: 1 });
    const b = await manager.checkpoint(ctx.withBranch('b'), 'b1', { v: 2 });
    const a = await manager.checkpoint(ctx.withBranch('a'), 'a2', { v: 3 });
    const resume = await manager.getResumePoint(ctx.runId as string);
    expect(resume?.branches.map((c) => [c.branchId, c.nodeId])).toEqual([
      [undefined, 'fork'],
      ['b', 'b1'],
      ['a', 'a2'],
    ]);
    expect(resume?.latest.id).toBe(a.checkpoint.id);
    expect(resume?.branches[1]?.id).toBe(b.checkpoint.id);
  });

  it('is undefined for an unknown run and for another tenant, never a throw', async () => {
    const { manager } = setup();
    const ctx = runContext({ tenantId: 'acme' });
    await writeRun(manager, ctx, 1);
    await expect(manager.getResumePoint('no-such-run')).resolves.toBeUndefined();
    await expect(manager.getResumePoint(ctx.runId as string, { tenantId: 'other' })).resolves.toBeUndefined();
    await expect(manager.getResumePoint(ctx.runId as string)).resolves.toBeUndefined();
    await expect(manager.getResumePoint(ctx.runId as string, { allTenants: true })).resolves.toMatchObject({ seq: 1 });
  });

  it('throws only for a malformed run id, a bad scope or a missing required tenant', async () => {
    const { manager } = setup({ requireTenant: true });
    await expect(manager.getResumePoint('')).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.getResumePoint('r', { bogus: 1 } as ScopeFilter)).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.getResumePoint('r')).rejects.toBeInstanceOf(TenantRequiredError);
    await expect(manager.getResumePoint('r', WorkflowContext.from({}))).rejects.toBeInstanceOf(TenantRequiredError);
    await expect(manager.getResumePoint('r', { tenantId: 't' })).resolves.toBeUndefined();
  });

  it('refuses a stored state that does not match its hash, or is not JSON', async () => {
    let forge: (r: CheckpointRecord) => CheckpointRecord = (r) => r;
    class TamperingStore extends MemoryStorage {
      override async getLatestCheckpointPerBranch(runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
        return (await super.getLatestCheckpointPerBranch(runId, scope)).map((r) => forge(r));
      }
    }
    const { storage, manager: writer } = setup({}, new TamperingStore());
    const ctx = runContext();
    await writeRun(writer, ctx, 1);
    const manager = new CheckpointManager(storage); // another process: nothing cached
    forge = (r) => ({ ...r, state: '{"step":99}' });
    await expect(manager.getResumePoint(ctx.runId as string)).rejects.toThrow(/\[memory\].*corrupt/);
    forge = (r) => ({ ...r, state: '{"step":', stateHash: sha256Hex('{"step":') });
    const error = manager.getResumePoint(ctx.runId as string);
    await expect(error).rejects.toBeInstanceOf(StorageError);
    await expect(error).rejects.toThrow(/invalid JSON/);
  });
});

describe('getCheckpoint / listCheckpoints', () => {
  it('reads one checkpoint in scope and pages through a run', async () => {
    const { manager } = setup();
    const ctx = runContext({ tenantId: 't1' });
    const written = await writeRun(manager, ctx, 5);
    const runId = ctx.runId as string;
    await expect(manager.getCheckpoint(written[1]?.id as string, ctx)).resolves.toEqual(written[1]);
    await expect(manager.getCheckpoint(written[1]?.id as string, { tenantId: 't2' })).resolves.toBeUndefined();
    await expect(manager.getCheckpoint('', ctx)).rejects.toBeInstanceOf(ValidationError);
    const page1 = await manager.listCheckpoints(runId, ctx, { limit: 2 });
    const page2 = await manager.listCheckpoints(runId, ctx, { limit: 2, afterSeq: page1[1]?.seq });
    expect([...page1, ...page2].map((c) => c.seq)).toEqual([1, 2, 3, 4]);
    await expect(manager.listCheckpoints(runId, ctx, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('cleanup', () => {
  it('keeps the last N, counting first on a dry run', async () => {
    const { manager } = setup();
    const ctx = runContext();
    const runId = ctx.runId as string;
    await writeRun(manager, ctx, 6);
    await expect(manager.cleanup(runId, ctx, { keepLast: 2, dryRun: true })).resolves.toEqual({
      runId,
      deleted: 4,
      spared: 0,
      dryRun: true,
    });
    expect(await manager.listCheckpoints(runId)).toHaveLength(6);
    await expect(manager.cleanup(runId, ctx, { keepLast: 2 })).resolves.toMatchObject({ deleted: 4, dryRun: false });
    expect((await manager.listCheckpoints(runId)).map((c) => c.seq)).toEqual([5, 6]);
    expect((await manager.getResumePoint(runId))?.seq).toBe(6);
  });

  it('deletes a whole run, and by age', async () => {
    const clock = fakeClock();
    const { manager } = setup({ now: clock.now });
    const ctx = runContext();
    const runId = ctx.runId as string;
    await writeRun(manager, ctx, 2);
    clock.advance(60_000);
    await manager.checkpoint(ctx, 'n3', { step: 3 });
    const cutoff = new Date(clock.now().getTime() - 30_000);
    await expect(manager.cleanup(runId, ctx, { olderThan: cutoff, dryRun: true })).resolves.toMatchObject({ deleted: 2 });
    await expect(manager.cleanup(runId, ctx, { olderThan: cutoff })).resolves.toMatchObject({ deleted: 2 });
    await expect(manager.cleanup(runId, ctx, { dryRun: true })).resolves.toMatchObject({ deleted: 1 });
    await expect(manager.cleanup(runId, ctx)).resolves.toMatchObject({ deleted: 1 });
    await expect(manager.getResumePoint(runId)).resolves.toBeUndefined();
    await expect(manager.cleanup(runId, ctx, { keepLast: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('counts a run longer than one page on a dry run', async () => {
    const { manager } = setup();
    const ctx = runContext();
    await Promise.all(Array.from({ length: 520 }, (_, i) => manager.checkpoint(ctx, 'n', { i })));
    await expect(manager.cleanup(ctx.runId as string, ctx, { keepLast: 10, dryRun: true })).resolves.toMatchObject({
      deleted: 510,
    });
  });
});

describe('completeRun and pruneOlderThan', () => {
  it('keeps everything by default', async () => {
    const { manager } = setup();
    const ctx = runContext();
    await writeRun(manager, ctx, 3);
    await expect(manager.completeRun(ctx)).resolves.toEqual({
      runId: ctx.runId,
      policy: 'keep-all',
      deleted: 0,
      expired: 0,
      status: 'completed',
    });
    expect((await manager.getResumePoint(ctx.runId as string))?.seq).toBe(3);
  });

  it('deletes the run or keeps the last N as configured', async () => {
    const deleting = setup({ cleanup: { onRunComplete: 'delete-run' } }).manager;
    const a = runContext();
    await writeRun(deleting, a, 3);
    await expect(deleting.completeRun(a)).resolves.toMatchObject({ policy: 'delete-run', deleted: 3 });
    await expect(deleting.getResumePoint(a.runId as string)).resolves.toBeUndefined();

    const keeping = setup({ cleanup: { onRunComplete: { keepLast: 1 } } }).manager;
    const b = runContext();
    await writeRun(keeping, b, 3);
    await expect(keeping.completeRun(b, { result: 'failure' })).resolves.toMatchObject({ deleted: 2 });
    expect((await keeping.listCheckpoints(b.runId as string)).map((c) => c.seq)).toEqual([3]);
  });

  it('spares unsuccessful runs with onlyOnSuccess', async () => {
    const { manager } = setup({ cleanup: { onRunComplete: 'delete-run', onlyOnSuccess: true } });
    const failed = runContext();
    await writeRun(manager, failed, 2);
    await expect(manager.completeRun(failed, { result: 'timeout' })).resolves.toMatchObject({
      policy: 'keep-all',
      deleted: 0,
    });
    const ok = runContext();
    await writeRun(manager, ok, 2);
    await expect(manager.completeRun(ok, { result: 'success' })).resolves.toMatchObject({ deleted: 2 });
  });

  it('expires old checkpoints of the tenant after a run completes, and on demand', async () => {
    const clock = fakeClock();
    const { manager } = setup({ now: clock.now, cleanup: { maxAgeMs: 1000 } });
    const old = runContext({ tenantId: 't' });
    const otherTenant = runContext({ tenantId: 'u' });
    await writeRun(manager, old, 2);
    await writeRun(manager, otherTenant, 1);
    clock.advance(5000);
    const current = runContext({ tenantId: 't' });
    await writeRun(manager, current, 1);
    await expect(manager.completeRun(current)).resolves.toMatchObject({ deleted: 0, expired: 2 });
    await expect(manager.getResumePoint(old.runId as string, old)).resolves.toBeUndefined();
    await expect(manager.getResumePoint(otherTenant.runId as string, otherTenant)).resolves.toBeDefined();
    await expect(manager.pruneOlderThan(undefined, { tenantId: 'u' })).resolves.toBe(1);
    await expect(manager.pruneOlderThan(new Date(clock.now().getTime() + 1), current)).resolves.toBe(1);
  });

  it('pruneOlderThan needs a date without maxAgeMs', async () => {
    const { manager } = setup();
    await expect(manager.pruneOlderThan()).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.pruneOlderThan(new Date(Number.NaN))).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.pruneOlderThan(new Date())).resolves.toBe(0);
  });
});
