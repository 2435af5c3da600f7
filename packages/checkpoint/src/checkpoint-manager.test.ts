import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import {
  ConfigError,
  ConflictError,
  NotSerializableError,
  StaleCheckpointError,
  StateTooLargeError,
  TenantRequiredError,
  ValidationError,
  WorkflowContext,
  type StorageCapabilities,
} from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import { sha256Hex } from './hash.js';
import { fakeClock, runContext, setup } from './test-support/fixtures.js';

describe('CheckpointManager.checkpoint', () => {
  it('saves canonical state with hash, size, seq, node and createdAt', async () => {
    const clock = fakeClock();
    const { manager } = setup({ now: clock.now });
    const ctx = runContext({ tenantId: 'acme' });
    const { checkpoint, skipped } = await manager.checkpoint(ctx, 'plan', { b: 2, a: [1, 'x'] });
    expect(skipped).toBe(false);
    expect(checkpoint).toMatchObject({
      tenantId: 'acme',
      workflowId: 'wf',
      runId: ctx.runId,
      nodeId: 'plan',
      seq: 1,
      stateHash: sha256Hex('{"a":[1,"x"],"b":2}'),
      stateSizeBytes: 19,
      metadata: {},
      createdAt: clock.now(),
      state: { a: [1, 'x'], b: 2 },
    });
    expect(checkpoint.id).toMatch(/^ckpt_[0-9a-f]{24}$/);
    expect(checkpoint.parentCheckpointId).toBeUndefined();
    expect(checkpoint.branchId).toBeUndefined();
  });

  it('numbers checkpoints 1, 2, 3 and links each to the previous one', async () => {
    const { manager } = setup();
    const ctx = runContext();
    const a = await manager.checkpoint(ctx, 'n1', { step: 1 });
    const b = await manager.checkpoint(ctx, 'n2', { step: 2 });
    const c = await manager.checkpoint(ctx.withNode('n3'), 'n3', { step: 3 }, { metadata: { note: 'hi' } });
    expect([a, b, c].map((r) => r.checkpoint.seq)).toEqual([1, 2, 3]);
    expect(b.checkpoint.parentCheckpointId).toBe(a.checkpoint.id);
    expect(c.checkpoint.parentCheckpointId).toBe(b.checkpoint.id);
    expect(c.checkpoint.metadata).toEqual({ note: 'hi' });
  });

  it('accepts a plain object context', async () => {
    const { manager } = setup();
    const { checkpoint } = await manager.checkpoint({ workflowId: 'w', runId: 'plain-ctx' }, 'n', { ok: true });
    expect(checkpoint.runId).toBe('plain-ctx');
  });

  it('returns a copy: mutating the input afterwards does not change the checkpoint', async () => {
    const { manager } = setup();
    const state = { list: [1] };
    const { checkpoint } = await manager.checkpoint(runContext(), 'n', state);
    state.list.push(2);
    expect(checkpoint.state).toEqual({ list: [1] });
  });

  it('returns a state that behaves as a plain field: read once, assignable, seen by spread, JSON and clone', async () => {
    const { manager } = setup();
    const { checkpoint } = await manager.checkpoint(runContext(), 'n', { list: [1] });
    const first = checkpoint.state as { list: number[] };
    first.list.push(2);
    expect(checkpoint.state).toBe(first); // parsed once, the same object on every read
    expect({ ...checkpoint }.state).toEqual({ list: [1, 2] });
    expect(JSON.parse(JSON.stringify(checkpoint)).state).toEqual({ list: [1, 2] });
    expect(structuredClone(checkpoint).state).toEqual({ list: [1, 2] });
    (checkpoint as { state: unknown }).state = { replaced: true };
    expect(checkpoint.state).toEqual({ replaced: true });
  });

  describe('state change detection', () => {
    it('skips an unchanged state (any key order) and returns the existing checkpoint', async () => {
      const { manager } = setup();
      const ctx = runContext();
      const first = await manager.checkpoint(ctx, 'n1', { a: 1, b: { c: 2 } });
      const again = await manager.checkpoint(ctx, 'n2', { b: { c: 2 }, a: 1 });
      expect(again.skipped).toBe(true);
      expect(again.checkpoint).toEqual(first.checkpoint);
      expect(await manager.listCheckpoints(ctx.runId as string)).toHaveLength(1);
    });

    it('writes an unchanged state when skipIfUnchanged is false, per call or per manager', async () => {
      const { manager, storage } = setup();
      const ctx = runContext();
      await manager.checkpoint(ctx, 'n1', { a: 1 });
      const forced = await manager.checkpoint(ctx, 'n2', { a: 1 }, { skipIfUnchanged: false });
      expect(forced).toMatchObject({ skipped: false, checkpoint: { seq: 2 } });
      const noSkip = new CheckpointManager(storage, { skipUnchanged: false });
      expect((await noSkip.checkpoint(ctx, 'n3', { a: 1 })).checkpoint.seq).toBe(3);
    });

    it('compares with the same branch only', async () => {
      const { manager } = setup();
      const ctx = runContext();
      await manager.checkpoint(ctx, 'fork', { v: 1 });
      const onBranch = await manager.checkpoint(ctx, 'a1', { v: 1 }, { branchId: 'a' });
      expect(onBranch.skipped).toBe(false);
      expect((await manager.checkpoint(ctx.withBranch('a'), 'a2', { v: 1 })).skipped).toBe(true);
    });
  });

  describe('branches and parents', () => {
    it('records the branch; a new branch continues from the main line', async () => {
      const { manager } = setup();
      const ctx = runContext();
      const fork = await manager.checkpoint(ctx, 'fork', { v: 0 });
      const a1 = await manager.checkpoint(ctx.withBranch('a'), 'a1', { v: 1 });
      const b1 = await manager.checkpoint(ctx, 'b1', { v: 2 }, { branchId: 'b' });
      const a2 = await manager.checkpoint(ctx.withBranch('a'), 'a2', { v: 3 });
      const main = await manager.checkpoint(ctx, 'after', { v: 4 });
      expect(a1.checkpoint).toMatchObject({ branchId: 'a', parentCheckpointId: fork.checkpoint.id });
      expect(b1.checkpoint).toMatchObject({ branchId: 'b', parentCheckpointId: fork.checkpoint.id });
      expect(a2.checkpoint.parentCheckpointId).toBe(a1.checkpoint.id);
      expect(main.checkpoint.parentCheckpointId).toBe(fork.checkpoint.id);
    });

    it('accepts an explicit parent that is the branch latest, or the fork point of a new branch', async () => {
      const { manager } = setup();
      const ctx = runContext();
      const one = await manager.checkpoint(ctx, 'n1', { v: 1 });
      const two = await manager.checkpoint(ctx, 'n2', { v: 2 }, { parentCheckpointId: one.checkpoint.id });
      expect(two.checkpoint.parentCheckpointId).toBe(one.checkpoint.id);
      const a = await manager.checkpoint(ctx, 'a', { v: 3 }, { branchId: 'a', parentCheckpointId: one.checkpoint.id });
      expect(a.checkpoint.parentCheckpointId).toBe(one.checkpoint.id);
    });

    it('refuses a stale parent (a cancelled worker) and writes nothing', async () => {
      const { manager } = setup();
      const ctx = runContext();
      const one = await manager.checkpoint(ctx, 'n1', { v: 1 });
      await manager.checkpoint(ctx, 'n2', { v: 2 });
      const stale = manager.checkpoint(ctx, 'zombie', { v: 9 }, { parentCheckpointId: one.checkpoint.id });
      await expect(stale).rejects.toBeInstanceOf(StaleCheckpointError);
      await expect(
        manager.checkpoint(ctx, 'x', { v: 9 }, { branchId: 'new', parentCheckpointId: 'ckpt_missing' }),
      ).rejects.toBeInstanceOf(StaleCheckpointError);
      expect(await manager.listCheckpoints(ctx.runId as string)).toHaveLength(2);
    });
  });

  describe('errors are thrown before any write', () => {
    const bad: Array<[string, (m: CheckpointManager, ctx: WorkflowContext) => Promise<unknown>, unknown]> = [
      ['a function', (m, ctx) => m.checkpoint(ctx, 'n', { cb: () => 1 }), NotSerializableError],
      ['a cycle', (m, ctx) => m.checkpoint(ctx, 'n', cyclic()), NotSerializableError],
      ['a BigInt', (m, ctx) => m.checkpoint(ctx, 'n', { big: 1n }), NotSerializableError],
      ['bad metadata', (m, ctx) => m.checkpoint(ctx, 'n', {}, { metadata: { d: new Date() } }), NotSerializableError],
      ['an array state', (m, ctx) => m.checkpoint(ctx, 'n', [1, 2]), ValidationError],
      ['a null state', (m, ctx) => m.checkpoint(ctx, 'n', null as unknown as object), ValidationError],
      ['an empty node id', (m, ctx) => m.checkpoint(ctx, '', {}), ValidationError],
      ['an unknown option', (m, ctx) => m.checkpoint(ctx, 'n', {}, { branch: 'x' } as object), ValidationError],
      ['a context without runId', (m) => m.checkpoint({ workflowId: 'w' }, 'n', {}), ValidationError],
      ['a run without workflow', (m, ctx) => m.checkpoint({ runId: ctx.runId }, 'n', {}), ValidationError],
      ['an unknown context field', (m, ctx) => m.checkpoint({ ...ctx.toJSON(), x: 1 } as object, 'n', {}), ValidationError],
    ];
    it.each(bad)('%s', async (_label, call, errorClass) => {
      const { manager } = setup();
      const ctx = runContext();
      await expect(call(manager, ctx)).rejects.toBeInstanceOf(errorClass as typeof Error);
      expect(await manager.listCheckpoints(ctx.runId as string)).toEqual([]);
    });

    it('names the path of a non-serialisable value', async () => {
      const { manager } = setup();
      const call = manager.checkpoint(runContext(), 'n', { messages: [{ text: 'a' }, { fn: () => 0 }] });
      await expect(call).rejects.toMatchObject({ code: 'NOT_SERIALIZABLE', path: 'state.messages[1].fn' });
    });

    it('enforces the size limit with an error naming size and limit', async () => {
      const { manager } = setup({ maxStateSizeBytes: 100 });
      const ctx = runContext();
      await expect(manager.checkpoint(ctx, 'n', { blob: 'x'.repeat(100) })).rejects.toMatchObject({
        code: 'STATE_TOO_LARGE',
        sizeBytes: 111,
        limitBytes: 100,
        message: expect.stringMatching(/111 bytes.*limit of 100 bytes/),
      });
      expect(await manager.listCheckpoints(ctx.runId as string)).toEqual([]);
      await expect(manager.checkpoint(ctx, 'n', { blob: 'x'.repeat(89) })).resolves.toMatchObject({ skipped: false });
    });

    it('defaults to 1 MiB', async () => {
      const { manager } = setup();
      expect(manager.options.maxStateSizeBytes).toBe(1_048_576);
      const big = { blob: 'é'.repeat(524_288) }; // 1 MiB of UTF-8 plus the JSON around it
      await expect(manager.checkpoint(runContext(), 'n', big)).rejects.toBeInstanceOf(StateTooLargeError);
    });

    it('lowers the limit to what the store can hold', async () => {
      class SmallStore extends MemoryStorage {
        override readonly capabilities: StorageCapabilities = { ...new MemoryStorage().capabilities, maxRecordBytes: 5000 };
      }
      const { manager } = setup({}, new SmallStore());
      const call = manager.checkpoint(runContext(), 'n', { blob: 'x'.repeat(1000) }, { metadata: { m: 'y'.repeat(100) } });
      await expect(call).rejects.toMatchObject({ sizeBytes: 1011, limitBytes: 5000 - 4096 - 108 });
    });

    it('requires a tenant when configured', async () => {
      const { manager } = setup({ requireTenant: true });
      const ctx = runContext();
      await expect(manager.checkpoint(ctx, 'n', {})).rejects.toBeInstanceOf(TenantRequiredError);
      await expect(manager.checkpoint(runContext({ tenantId: 't' }), 'n', {})).resolves.toMatchObject({ skipped: false });
      expect(await manager.listCheckpoints(ctx.runId as string, { allTenants: true })).toEqual([]);
    });

    it('refuses a late write to a run it completed', async () => {
      const { manager } = setup();
      const ctx = runContext();
      await manager.checkpoint(ctx, 'n', { v: 1 });
      await manager.completeRun(ctx);
      await expect(manager.checkpoint(ctx, 'late', { v: 2 })).rejects.toBeInstanceOf(ConflictError);
      expect(await manager.listCheckpoints(ctx.runId as string)).toHaveLength(1);
    });
  });

  it('gives 50 concurrent writers on one run the seqs 1..50 exactly once', async () => {
    const { manager } = setup();
    const ctx = runContext();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => manager.checkpoint(ctx, `w${i}`, { writer: i })),
    );
    expect(results.map((r) => r.checkpoint.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await manager.getResumePoint(ctx.runId as string))?.seq).toBe(50);
  });

  it('rejects bad options in the constructor with a ConfigError naming the key', () => {
    const storage = new MemoryStorage();
    expect(() => new CheckpointManager(storage, { maxStateSizeBytes: 0 })).toThrow(ConfigError);
    expect(() => new CheckpointManager(storage, { maxStateSizeBytes: -1 })).toThrow(/maxStateSizeBytes/);
    expect(() => new CheckpointManager(storage, { cleanup: { onRunComplete: { keepLast: 0 } } })).toThrow(
      /cleanup\.onRunComplete/,
    );
    expect(() => new CheckpointManager(storage, { colour: 'red' } as object)).toThrow(ConfigError);
    expect(() => new CheckpointManager(undefined as unknown as MemoryStorage)).toThrow(/StorageBackend/);
    const defaults = new CheckpointManager(storage).options;
    expect(defaults).toMatchObject({
      requireTenant: false,
      skipUnchanged: true,
      cleanup: { onRunComplete: 'keep-all', onlyOnSuccess: false },
    });
  });
});

function cyclic(): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  state['me'] = state;
  return state;
}
