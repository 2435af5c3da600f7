import { describe, expect, it } from '@jest/globals';
import { StateMerger } from '@alma/reducers';
import { ReducerError, ValidationError } from '@alma/types';
import { isCheckpoint } from './merge-input.js';
import { runContext, setup } from './test-support/fixtures.js';

describe('CheckpointManager.mergeStates', () => {
  it('merges branch checkpoints with reducers and checkpoints the join on the main line', async () => {
    const { manager } = setup();
    const ctx = runContext({ tenantId: 't' });
    const fork = await manager.checkpoint(ctx, 'fork', { count: 0, items: [] });
    const a = await manager.checkpoint(ctx.withBranch('a'), 'a1', { count: 2, items: ['x'], last: 'a' });
    const b = await manager.checkpoint(ctx.withBranch('b'), 'b1', { count: 3, items: ['y'], last: 'b' });
    const joined = await manager.mergeStates(ctx.withBranch('a'), [a.checkpoint, b.checkpoint], {
      fieldReducers: { count: 'sum', items: 'append' },
    });
    expect(joined.skipped).toBe(false);
    expect(joined.checkpoint).toMatchObject({
      nodeId: 'join',
      seq: 4,
      tenantId: 't',
      parentCheckpointId: fork.checkpoint.id,
      state: { count: 5, items: ['x', 'y'], last: 'b' },
      metadata: { mergedFrom: [a.checkpoint.id, b.checkpoint.id] },
    });
    expect(joined.checkpoint.branchId).toBeUndefined();
    const resume = await manager.getResumePoint(ctx.runId as string, ctx);
    expect(resume?.latest.id).toBe(joined.checkpoint.id);
  });

  it('merges raw states with a prebuilt merger, a custom node id and extra metadata', async () => {
    const { manager } = setup();
    const ctx = runContext();
    const merger = new StateMerger({ defaultReducer: 'max' });
    const joined = await manager.mergeStates(ctx, [{ score: 1 }, { score: 7 }], merger, {
      nodeId: 'gather',
      metadata: { by: 'test' },
    });
    expect(joined.checkpoint).toMatchObject({
      nodeId: 'gather',
      state: { score: 7 },
      metadata: { by: 'test', mergedFrom: ['branch:0', 'branch:1'] },
    });
  });

  it('uses last_value by default and skips a join equal to the main line', async () => {
    const { manager } = setup();
    const ctx = runContext();
    await manager.checkpoint(ctx, 'fork', { v: 2 });
    const joined = await manager.mergeStates(ctx, [{ v: 1 }, { v: 2 }]);
    expect(joined.skipped).toBe(true);
    expect(joined.checkpoint.nodeId).toBe('fork');
  });

  it('writes nothing when a reducer fails or the input is invalid', async () => {
    const { manager } = setup();
    const ctx = runContext();
    const other = runContext();
    const foreign = (await manager.checkpoint(other, 'n', { v: 1 })).checkpoint;
    await expect(manager.mergeStates(ctx, [{ n: 'a' }, { n: 1 }], { fieldReducers: { n: 'sum' } })).rejects.toBeInstanceOf(
      ReducerError,
    );
    await expect(manager.mergeStates(ctx, [{}], { fieldReducers: { n: 'nope' } })).rejects.toBeInstanceOf(ReducerError);
    await expect(manager.mergeStates(ctx, [foreign])).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.mergeStates(ctx, 'x' as unknown as [])).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.mergeStates(ctx, [{}], {}, { nodeId: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(manager.mergeStates({ workflowId: 'w' }, [{}])).rejects.toBeInstanceOf(ValidationError);
    expect(await manager.listCheckpoints(ctx.runId as string)).toEqual([]);
  });
});

describe('isCheckpoint', () => {
  it('recognises checkpoints, not states', () => {
    const hash = 'a'.repeat(64);
    expect(isCheckpoint({ id: 'c', runId: 'r', seq: 1, stateHash: hash, state: {} })).toBe(true);
    expect(isCheckpoint({ id: 'c', runId: 'r', seq: 1, stateHash: 'short', state: {} })).toBe(false);
    expect(isCheckpoint({ id: 'c', runId: 'r', seq: 1, stateHash: hash, state: null })).toBe(false);
    expect(isCheckpoint({ count: 1 })).toBe(false);
    expect(isCheckpoint(null)).toBe(false);
  });
});
