import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, textOf, type Harness } from './test-support/in-memory.js';

const run = { workflowId: 'wf', runId: 'run-1' };
type Summary = { id: string; seq: number; nodeId: string; branchId?: string; state?: unknown };

let h: Harness;
afterEach(async () => h?.close());

const countCheckpoints = async (runId = 'run-1') =>
  (await h.ok<{ checkpoints: unknown[] }>('alma_list_checkpoints', { runId })).checkpoints.length;

describe('workflow tools (in process)', () => {
  it('checkpoint, resume, list with paging, cleanup', async () => {
    h = await connect();
    const first = await h.ok<{ skipped: boolean; checkpoint: Summary }>('alma_checkpoint', { context: run, nodeId: 'plan', state: { step: 1 } });
    expect(first).toMatchObject({ skipped: false, checkpoint: { seq: 1, nodeId: 'plan' } });
    expect(first.checkpoint.state).toBeUndefined();
    const same = await h.ok<{ skipped: boolean }>('alma_checkpoint', { context: run, nodeId: 'plan', state: { step: 1 } });
    expect(same.skipped).toBe(true);
    await h.ok('alma_checkpoint', { context: run, nodeId: 'build', state: { step: 2 } });
    await h.ok('alma_checkpoint', { context: run, nodeId: 'test', state: { step: 3 }, metadata: { by: 'ci' } });

    const rp = await h.ok<{ found: boolean; nodeId: string; seq: number; state: unknown; branches: Summary[] }>('alma_get_resume_point', { runId: 'run-1' });
    expect(rp).toMatchObject({ found: true, nodeId: 'test', seq: 3, state: { step: 3 } });
    const noState = await h.ok<{ state?: unknown; branches: Summary[] }>('alma_get_resume_point', { runId: 'run-1', includeState: false });
    expect(noState.state).toBeUndefined();
    expect(noState.branches[0]?.state).toBeUndefined();
    expect(await h.ok('alma_get_resume_point', { runId: 'nope' })).toEqual({ runId: 'nope', found: false });

    const page1 = await h.ok<{ checkpoints: Summary[]; nextAfterSeq?: number }>('alma_list_checkpoints', { runId: 'run-1', limit: 2 });
    expect(page1.checkpoints.map((c) => c.seq)).toEqual([1, 2]);
    expect(page1.nextAfterSeq).toBe(2);
    const page2 = await h.ok<{ checkpoints: Summary[]; nextAfterSeq?: number }>('alma_list_checkpoints', {
      runId: 'run-1', afterSeq: 2, includeState: true,
    });
    expect(page2.checkpoints).toMatchObject([{ seq: 3, state: { step: 3 } }]);
    expect(page2.nextAfterSeq).toBeUndefined();

    expect(await h.ok('alma_cleanup_checkpoints', { runId: 'run-1' })).toEqual({ runId: 'run-1', deleted: 2, keptLatest: 1 });
    expect(await countCheckpoints()).toBe(1);
    expect(await h.ok('alma_cleanup_checkpoints', { runId: 'run-1', keepLatest: 0 })).toMatchObject({ deleted: 1 });
  });

  it('a stale parent is refused and writes nothing', async () => {
    h = await connect();
    const a = await h.ok<{ checkpoint: Summary }>('alma_checkpoint', { context: run, nodeId: 'a', state: { v: 1 } });
    await h.ok('alma_checkpoint', { context: run, nodeId: 'b', state: { v: 2 }, parentCheckpointId: a.checkpoint.id });
    const stale = await h.call('alma_checkpoint', { context: run, nodeId: 'c', state: { v: 3 }, parentCheckpointId: a.checkpoint.id });
    expect(textOf(stale)).toMatch(/^STALE_CHECKPOINT: /);
    expect(await countCheckpoints()).toBe(2);
  });

  it('merges branch states from checkpoint ids or raw states with reducers', async () => {
    h = await connect();
    await h.ok('alma_checkpoint', { context: run, nodeId: 'fork', state: { items: [], cost: 0 } });
    const left = await h.ok<{ checkpoint: Summary }>('alma_checkpoint', { context: { ...run, branchId: 'left' }, nodeId: 'l', state: { items: ['a'], cost: 2 } });
    const right = await h.ok<{ checkpoint: Summary }>('alma_checkpoint', { context: { ...run, branchId: 'right' }, nodeId: 'r', state: { items: ['b'], cost: 3 } });
    const merged = await h.ok<{ checkpoint: Summary & { metadata: { mergedFrom: string[] } }; state: Record<string, unknown> }>('alma_merge_states', {
      context: run, checkpointIds: [left.checkpoint.id, right.checkpoint.id], reducers: { items: 'append', cost: 'sum' },
    });
    expect(merged.state).toEqual({ items: ['a', 'b'], cost: 5 });
    expect(merged.checkpoint).toMatchObject({ nodeId: 'join', metadata: { mergedFrom: [left.checkpoint.id, right.checkpoint.id] } });

    const raw = await h.ok<{ state: Record<string, unknown> }>('alma_merge_states', {
      context: run, states: [{ n: 1 }, { n: 4 }], defaultReducer: 'max', nodeId: 'join-2', metadata: { note: 'raw' },
    });
    expect(raw.state).toEqual({ n: 4 });

    const before = await countCheckpoints();
    const bad: Array<Record<string, unknown>> = [
      { context: run },
      { context: run, states: [{ a: 1 }], checkpointIds: [left.checkpoint.id] },
      { context: run, checkpointIds: ['missing'] },
      { context: run, states: [{ a: 1 }, { a: 'x' }], reducers: { a: 'sum' } },
      { context: run, states: [{ a: 1 }], reducers: { a: 'no_such_reducer' } },
    ];
    for (const args of bad) expect((await h.call('alma_merge_states', args)).isError).toBe(true);
    expect(await countCheckpoints()).toBe(before);
  });

  it('learn_from_workflow, link_artifact and get_artifacts', async () => {
    h = await connect();
    await h.ok('alma_checkpoint', { context: run, nodeId: 'a', state: { v: 1 } });
    const learned = await h.ok<{ workflowOutcome: { id: string }; heuristics: Array<{ action: string }>; antiPatterns: unknown[]; checkpointsDeleted: number }>(
      'alma_learn_from_workflow', {
        context: run, agent: 'planner', result: 'success', summary: 'Shipped the release',
        successfulPatterns: ['canary first'], failedPatterns: ['friday deploys'], strategiesUsed: ['canary first'],
        durationSeconds: 12, nodeCount: 3, cleanupCheckpoints: false,
      },
    );
    expect(learned.heuristics).toMatchObject([{ action: 'created' }]);
    expect(learned.antiPatterns).toHaveLength(1);
    expect(learned.checkpointsDeleted).toBe(0);
    expect(await countCheckpoints()).toBe(1);

    const link = await h.ok<{ artifact: { id: string; artifactType: string } }>('alma_link_artifact', {
      memoryId: learned.workflowOutcome.id, artifactType: 'Screenshot', storageUrl: 's3://bucket/shot.png', mimeType: 'image/png', sizeBytes: 10,
    });
    expect(link.artifact.artifactType).toBe('screenshot');
    await h.ok('alma_link_artifact', { memoryId: learned.workflowOutcome.id, artifactType: 'hologram', storageUrl: 'https://x/y' });
    const arts = await h.ok<{ count: number; artifacts: Array<{ artifactType: string }> }>('alma_get_artifacts', { memoryId: learned.workflowOutcome.id });
    expect(arts.count).toBe(2);
    expect(arts.artifacts[1]?.artifactType).toBe('other');

    const dangling = await h.call('alma_link_artifact', { memoryId: 'nope', artifactType: 'log', storageUrl: 'file:///x' });
    expect(textOf(dangling)).toMatch(/^NOT_FOUND: /);
    const badResult = await h.call('alma_learn_from_workflow', { context: run, agent: 'p', result: 'meh', summary: 's' });
    expect(badResult.isError).toBe(true);
    const noRun = await h.call('alma_learn_from_workflow', { context: { workflowId: 'wf' }, agent: 'p', result: 'success', summary: 's' });
    expect(noRun.isError).toBe(true);
    expect((await h.ok<{ workflowOutcomes: number }>('alma_stats')).workflowOutcomes).toBe(1);

    const withCleanup = await h.ok<{ checkpointsDeleted: number }>('alma_learn_from_workflow', { context: run, agent: 'planner', result: 'failure', summary: 'Rolled back' });
    expect(withCleanup.checkpointsDeleted).toBe(1);
  });

  it('bad input to every workflow tool is a tool error', async () => {
    h = await connect({ maxPageSize: 5 });
    const bad: Array<[string, Record<string, unknown>]> = [
      ['alma_checkpoint', { context: { runId: 'r' }, nodeId: 'n', state: {} }],
      ['alma_checkpoint', { context: run, nodeId: 'n', state: [1, 2] }],
      ['alma_get_resume_point', {}],
      ['alma_list_checkpoints', { runId: 'run-1', limit: 6 }],
      ['alma_cleanup_checkpoints', { runId: 'run-1', keepLatest: -1 }],
      ['alma_get_artifacts', { memoryId: '' }],
      ['alma_link_artifact', { memoryId: 'm', artifactType: 'log' }],
    ];
    for (const [name, args] of bad) expect({ name, isError: (await h.call(name, args)).isError }).toEqual({ name, isError: true });
    expect(await countCheckpoints()).toBe(0);
  });
});
