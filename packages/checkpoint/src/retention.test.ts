import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { ConfigError, ConflictError, ValidationError, type WorkflowContext } from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import type { CheckpointManagerOptions } from './options.js';
import { fakeClock, messages, runContext, v1Store } from './test-support/fixtures.js';

/** Writes `nodes` in order; `main` or a branch name each; states grow so most checkpoints are deltas. */
async function writeSequence(manager: CheckpointManager, ctx: WorkflowContext, nodes: readonly string[], tick?: () => void) {
  const sizes = new Map<string, number>();
  const ids: Record<string, string> = {};
  for (const [i, node] of nodes.entries()) {
    const branch = node.replace(/\d+$/, '');
    const size = (sizes.get(branch) ?? 10) + 1;
    sizes.set(branch, size);
    const target = branch === 'm' ? ctx : ctx.withBranch(branch);
    ids[node] = (await manager.checkpoint(target, node, { messages: messages(size), step: i })).checkpoint.id;
    tick?.();
  }
  return ids;
}

/** Every remaining checkpoint decodes (on a manager with nothing cached); returns their node ids by seq. */
async function remainingNodes(storage: MemoryStorage, ctx: WorkflowContext): Promise<string[]> {
  const fresh = new CheckpointManager(storage);
  const all = await fresh.listCheckpoints(ctx.runId as string, ctx, { limit: 1000 });
  for (const c of all) expect((await new CheckpointManager(storage).getCheckpoint(c.id, ctx))?.state).toEqual(c.state);
  return all.map((c) => c.nodeId);
}

function setupDelta(options: CheckpointManagerOptions = {}) {
  const storage = new MemoryStorage();
  const manager = new CheckpointManager(storage, { delta: { snapshotEvery: 3, deltaBudget: 0 }, ...options });
  return { storage, manager };
}

const LAYOUT = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a4', 'b4', 'm9', 'm10'];

describe('retention keeps every kept checkpoint decodable', () => {
  it('cleanup moves the cut back to the snapshot the oldest kept delta needs', async () => {
    const { storage, manager } = setupDelta({ delta: { snapshotEvery: 10, deltaBudget: 0 } });
    const ctx = runContext();
    const runId = ctx.runId as string;
    await writeSequence(manager, ctx, Array.from({ length: 25 }, (_, i) => `m${i + 1}`));
    const encodings = (await storage.listCheckpoints(runId, {}, { limit: 100 })).map((c) => c.encoding ?? 'full');
    expect([1, 11, 21].map((seq) => encodings[seq - 1])).toEqual(['full', 'full', 'full']);
    await expect(manager.cleanup(runId, ctx, { keepLast: 3, dryRun: true })).resolves.toEqual({
      runId,
      deleted: 20,
      spared: 2,
      dryRun: true,
    });
    await expect(manager.cleanup(runId, ctx, { keepLast: 3 })).resolves.toMatchObject({ deleted: 20, spared: 2 });
    expect(await remainingNodes(storage, ctx)).toEqual(['m21', 'm22', 'm23', 'm24', 'm25']);
  });

  it('prune keeps the last N of every branch and what they are rebuilt from', async () => {
    const { storage, manager } = setupDelta();
    const ctx = runContext({ tenantId: 't' });
    const ids = await writeSequence(manager, ctx, LAYOUT);
    const result = await manager.prune({ keepLastPerBranch: 2 }, { scope: ctx });
    expect(result).toEqual({
      dryRun: false,
      deleted: 6,
      runsDeleted: 0,
      runs: [
        {
          runId: ctx.runId,
          tenantId: 't',
          action: 'trim',
          deleted: 6,
          checkpointIds: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((n) => ids[n]),
          spared: 6,
        },
      ],
    });
    const left = await remainingNodes(storage, ctx);
    expect(left).toEqual(['m7', 'm8', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a4', 'b4', 'm9', 'm10']);
    await expect(manager.prune({ keepLastPerBranch: 2 }, { scope: ctx })).resolves.toMatchObject({ deleted: 0 });
  });

  it('a dry run reports the same and writes nothing', async () => {
    const { storage, manager } = setupDelta();
    const ctx = runContext({ tenantId: 't' });
    await writeSequence(manager, ctx, LAYOUT);
    const runId = ctx.runId as string;
    const scope = { tenantId: 't' };
    const snapshot = async () => ({
      rows: await storage.listCheckpoints(runId, scope, { limit: 100 }),
      run: await storage.getRun(runId, scope),
    });
    const before = await snapshot();
    const dry = await manager.prune({ keepLastPerBranch: 2, maxAgeMs: 3_600_000 }, { scope: ctx, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, deleted: 6 });
    expect(await snapshot()).toEqual(before);
    const real = await manager.prune({ keepLastPerBranch: 2, maxAgeMs: 3_600_000 }, { scope: ctx });
    expect(real).toEqual({ ...dry, dryRun: false });
  });

  it('maxAge and pruneOlderThan keep the snapshot a kept delta needs', async () => {
    const clock = fakeClock();
    const { storage, manager } = setupDelta({ now: clock.now, delta: { snapshotEvery: 4, deltaBudget: 0 } });
    const ctx = runContext();
    const nodes = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);
    await writeSequence(manager, ctx, nodes, () => clock.advance(1000));
    const report = await manager.prune({ maxAgeMs: 4500 }, { dryRun: true }); // cutoff: m1..m6 are older
    expect(report.runs[0]).toMatchObject({ deleted: 4, spared: 2 });
    await expect(manager.pruneOlderThan(new Date(clock.now().getTime() - 4500))).resolves.toBe(4);
    expect(await remainingNodes(storage, ctx)).toEqual(nodes.slice(4));
  });

  it('completeRun applies keepLast and the tenant age limit without breaking chains', async () => {
    const clock = fakeClock();
    const { storage, manager } = setupDelta({
      now: clock.now,
      cleanup: { onRunComplete: { keepLast: 1 }, maxAgeMs: 50_000 },
    });
    const old = runContext({ tenantId: 't' });
    await writeSequence(manager, old, ['m1', 'm2', 'm3', 'm4', 'm5'], () => clock.advance(20_000));
    const done = runContext({ tenantId: 't' });
    await writeSequence(manager, done, ['m1', 'm2', 'm3', 'm4', 'm5']);
    const result = await manager.completeRun(done);
    expect(result).toMatchObject({ policy: { keepLast: 1 }, deleted: 3, status: 'completed' });
    expect(result.expired).toBe(3);
    expect(await remainingNodes(storage, done)).toEqual(['m4', 'm5']);
    expect(await remainingNodes(storage, old)).toEqual(['m4', 'm5']);
    expect((await storage.getRun(done.runId as string, { tenantId: 't' }))?.status).toBe('completed');
  });
});

describe('prune: completed runs, scopes and validation', () => {
  it('deletes runs completed longer ago than T, tombstoned, and only those', async () => {
    const clock = fakeClock();
    const storage = new MemoryStorage();
    const manager = new CheckpointManager(storage, { now: clock.now });
    const [done, running, failed] = [runContext(), runContext(), runContext()];
    for (const ctx of [done, running, failed]) await manager.checkpoint(ctx, 'n', { v: 1 });
    await manager.completeRun(done);
    await expect(manager.completeRun(failed, { result: 'failure' })).resolves.toMatchObject({ status: 'failed' });
    await expect(manager.prune({ deleteCompletedAfterMs: 1000 })).resolves.toMatchObject({ runs: [], deleted: 0 });
    clock.advance(5000);
    const result = await manager.prune({ deleteCompletedAfterMs: 1000 });
    expect(result).toMatchObject({ deleted: 1, runsDeleted: 1, runs: [{ runId: done.runId, action: 'delete-run' }] });
    await expect(new CheckpointManager(storage).checkpoint(done, 'late', { v: 2 })).rejects.toBeInstanceOf(ConflictError);
    await expect(storage.getRun(done.runId as string, {})).resolves.toBeUndefined();
    const both = await manager.prune({ deleteCompletedAfterMs: 1000, completedStatuses: ['completed', 'failed'] });
    expect(both.runs.map((r) => r.runId)).toEqual([failed.runId]);
    expect((await manager.getResumePoint(running.runId as string))?.seq).toBe(1);
  });

  it('sweeps every tenant with an admin scope, each run in its own tenant, or only the given runs', async () => {
    const { manager } = setupDelta();
    const [t1, t2] = [runContext({ tenantId: 't1' }), runContext({ tenantId: 't2' })];
    for (const ctx of [t1, t2]) await writeSequence(manager, ctx, ['m1', 'm2', 'm3', 'm4']);
    const own = await manager.prune({ keepLastPerBranch: 1 }, { scope: { tenantId: 't1' }, dryRun: true });
    expect(own.runs.map((r) => r.tenantId)).toEqual(['t1']);
    const admin = await manager.prune({ keepLastPerBranch: 1 }, { scope: { allTenants: true } });
    expect(admin.runs.map((r) => [r.tenantId, r.deleted]).sort()).toEqual([
      ['t1', 3],
      ['t2', 3],
    ]);
    const picked = await manager.prune({ keepLastPerBranch: 1 }, { scope: t1, runIds: [t1.runId as string, 'unknown'] });
    expect(picked.runs).toEqual([]);
  });

  it('validates the policy and needs runIds on a store without a run catalog', async () => {
    const { manager } = setupDelta();
    await expect(manager.prune({})).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.prune({ keepLastPerBranch: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.prune({ maxAgeMs: 1 }, { runIds: [''] })).rejects.toBeInstanceOf(ValidationError);
    const v1 = new CheckpointManager(v1Store().store);
    const ctx = runContext();
    for (let i = 0; i < 3; i++) await v1.checkpoint(ctx, `n${i}`, { i });
    await expect(v1.prune({ keepLastPerBranch: 1 })).rejects.toBeInstanceOf(ConfigError);
    const result = await v1.prune({ keepLastPerBranch: 1, deleteCompletedAfterMs: 0 }, { runIds: [ctx.runId as string] });
    expect(result.runs).toEqual([
      { runId: ctx.runId, tenantId: undefined, action: 'trim', deleted: 2, checkpointIds: expect.any(Array), spared: 0 },
    ]);
    await expect(v1.pruneOlderThan(new Date(Date.now() + 1000))).resolves.toBe(1);
  });
});
