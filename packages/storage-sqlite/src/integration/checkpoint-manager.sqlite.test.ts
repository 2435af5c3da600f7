import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointManager, type CheckpointManagerOptions } from '@alma/checkpoint';
import {
  NotSerializableError,
  StaleCheckpointError,
  StateTooLargeError,
  TenantRequiredError,
  ValidationError,
  WorkflowContext,
} from '@alma/types';
import { SqliteStorage } from '../index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-ckpt-sqlite-'));
let dbPath = '';
let n = 0;
let storage: SqliteStorage;

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  n += 1;
  dbPath = path.join(dir, `unit-${n}.db`);
  storage = new SqliteStorage({ path: dbPath });
});

afterEach(async () => {
  await storage.close();
});

const ctxFor = (runId: string, extra: { tenantId?: string } = { tenantId: 'acme' }) =>
  WorkflowContext.from({ workflowId: 'wf', runId, ...extra });
const manager = (options: CheckpointManagerOptions = {}) => new CheckpointManager(storage, options);

describe('CheckpointManager on SQLite', () => {
  it('writes, skips unchanged state, and resumes after the store is reopened', async () => {
    const m = manager();
    const ctx = ctxFor('r1');
    const tricky = { text: `it's "quoted"; DROP TABLE checkpoints; -- 😀 \u0000`, nested: { b: [1, 2.5, null], a: true } };
    const first = await m.checkpoint(ctx, 'n1', tricky);
    const same = await m.checkpoint(ctx, 'n2', { nested: { a: true, b: [1, 2.5, null] }, text: tricky.text });
    const second = await m.checkpoint(ctx, 'n3', { ...tricky, step: 2 }, { metadata: { by: 'test' } });
    expect(first.checkpoint.seq).toBe(1);
    expect(same).toMatchObject({ skipped: true, checkpoint: { id: first.checkpoint.id } });
    expect(second.checkpoint).toMatchObject({ seq: 2, parentCheckpointId: first.checkpoint.id, metadata: { by: 'test' } });
    await storage.close();

    storage = new SqliteStorage({ path: dbPath });
    const resume = await manager().getResumePoint('r1', ctx);
    expect(resume).toMatchObject({ seq: 2, nodeId: 'n3', tenantId: 'acme', workflowId: 'wf' });
    expect(resume?.state).toEqual({ ...tricky, step: 2 });
    expect(resume?.latest).toEqual(second.checkpoint);
  });

  it('returns undefined for an unknown run and hides other tenants', async () => {
    const m = manager();
    await m.checkpoint(ctxFor('r1'), 'n', { v: 1 });
    await expect(m.getResumePoint('nope', { tenantId: 'acme' })).resolves.toBeUndefined();
    await expect(m.getResumePoint('r1', { tenantId: 'other' })).resolves.toBeUndefined();
    await expect(m.getResumePoint('r1')).resolves.toBeUndefined();
  });

  it('tracks parallel branches, joins them, and resumes per branch', async () => {
    const m = manager();
    const ctx = ctxFor('par');
    const fork = await m.checkpoint(ctx, 'fork', { items: [], cost: 0 });
    const a = await m.checkpoint(ctx.withBranch('a'), 'a1', { items: ['a'], cost: 1 });
    const b = await m.checkpoint(ctx.withBranch('b'), 'b1', { items: ['b'], cost: 2 });
    const mid = await m.getResumePoint('par', ctx);
    expect(mid?.branches.map((c) => [c.branchId, c.id])).toEqual([
      [undefined, fork.checkpoint.id],
      ['a', a.checkpoint.id],
      ['b', b.checkpoint.id],
    ]);
    expect(a.checkpoint.parentCheckpointId).toBe(fork.checkpoint.id);
    const join = await m.mergeStates(ctx, [a.checkpoint, b.checkpoint], {
      fieldReducers: { items: 'append', cost: 'sum' },
    });
    expect(join.checkpoint).toMatchObject({
      seq: 4,
      nodeId: 'join',
      parentCheckpointId: fork.checkpoint.id,
      state: { items: ['a', 'b'], cost: 3 },
      metadata: { mergedFrom: [a.checkpoint.id, b.checkpoint.id] },
    });
    expect((await m.getResumePoint('par', ctx))?.latest.id).toBe(join.checkpoint.id);
  });

  it('refuses a stale parent and writes nothing', async () => {
    const m = manager();
    const ctx = ctxFor('stale');
    const one = await m.checkpoint(ctx, 'n1', { v: 1 });
    await m.checkpoint(ctx, 'n2', { v: 2 });
    await expect(m.checkpoint(ctx, 'zombie', { v: 3 }, { parentCheckpointId: one.checkpoint.id })).rejects.toBeInstanceOf(
      StaleCheckpointError,
    );
    expect(await m.listCheckpoints('stale', ctx)).toHaveLength(2);
  });

  it('throws typed errors for bad input and writes nothing', async () => {
    const m = manager({ maxStateSizeBytes: 1000, requireTenant: true });
    const ctx = ctxFor('bad');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await expect(m.checkpoint(ctx, 'n', { blob: 'x'.repeat(2000) })).rejects.toMatchObject({
      constructor: StateTooLargeError,
      sizeBytes: 2011,
      limitBytes: 1000,
    });
    await expect(m.checkpoint(ctx, 'n', { f: () => 1 })).rejects.toMatchObject({ path: 'state.f' });
    await expect(m.checkpoint(ctx, 'n', cyclic)).rejects.toBeInstanceOf(NotSerializableError);
    await expect(m.checkpoint(ctx, 'n', { big: 2n })).rejects.toBeInstanceOf(NotSerializableError);
    await expect(m.checkpoint(ctxFor('bad', {}), 'n', { v: 1 })).rejects.toBeInstanceOf(TenantRequiredError);
    await expect(m.checkpoint({ runId: 'bad' }, 'n', { v: 1 })).rejects.toBeInstanceOf(ValidationError);
    expect(await m.listCheckpoints('bad', { allTenants: true })).toEqual([]);
  });

  it('cleans up: keep-last-N, dry run, older-than, whole run, and the policy on completion', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const m = manager({ now: () => new Date(now), cleanup: { onRunComplete: { keepLast: 2 }, maxAgeMs: 60_000 } });
    const ctx = ctxFor('clean');
    for (let i = 1; i <= 5; i++) await m.checkpoint(ctx, `n${i}`, { i });
    await expect(m.cleanup('clean', ctx, { keepLast: 3, dryRun: true })).resolves.toMatchObject({ deleted: 2 });
    await expect(m.cleanup('clean', ctx, { keepLast: 3 })).resolves.toMatchObject({ deleted: 2, dryRun: false });
    expect((await m.listCheckpoints('clean', ctx)).map((c) => c.seq)).toEqual([3, 4, 5]);
    await expect(m.completeRun(ctx)).resolves.toMatchObject({ policy: { keepLast: 2 }, deleted: 1, expired: 0 });
    expect((await m.getResumePoint('clean', ctx))?.seq).toBe(5);

    const old = ctxFor('old');
    await m.checkpoint(old, 'n', { v: 1 });
    now += 120_000;
    await expect(m.cleanup('old', old, { olderThan: new Date(now - 60_000), dryRun: true })).resolves.toMatchObject({
      deleted: 1,
    });
    await expect(m.pruneOlderThan(undefined, old)).resolves.toBe(3);
    await expect(m.getResumePoint('old', old)).resolves.toBeUndefined();

    const whole = ctxFor('whole');
    await m.checkpoint(whole, 'n', { v: 1 });
    await expect(m.cleanup('whole', whole)).resolves.toMatchObject({ deleted: 1 });
    await expect(m.getResumePoint('whole', whole)).resolves.toBeUndefined();
  });
});
