import { describe, expect, it } from '@jest/globals';
import { NotFoundError, StateTooLargeError, ValidationError } from '@alma/types';
import { makeAlma } from './test-support/alma.js';

const ctx = { tenantId: 'acme', workflowId: 'checkout-tests', runId: 'run-1' };

describe('ALMA workflow layer', () => {
  it('checkpoints, skips unchanged state, and resumes from the last committed checkpoint', async () => {
    const { alma } = makeAlma();
    const a = await alma.checkpoint(ctx, 'plan', { step: 1 });
    const same = await alma.checkpoint(ctx, 'plan', { step: 1 });
    expect(same.skipped).toBe(true);
    expect(same.checkpoint.id).toBe(a.checkpoint.id);
    const b = await alma.checkpoint(ctx, 'act', { step: 2 });
    expect(b.checkpoint.seq).toBe(2);
    const resume = await alma.getResumePoint('run-1', ctx);
    expect(resume).toMatchObject({ nodeId: 'act', seq: 2, state: { step: 2 } });
    expect(await alma.getResumePoint('run-1', { tenantId: 'other' })).toBeUndefined();
    expect(await alma.getResumePoint('nope', ctx)).toBeUndefined();
    await expect(alma.checkpoint(ctx, 'big', { blob: 'x'.repeat(2_000_000) })).rejects.toBeInstanceOf(StateTooLargeError);
  });

  it('merges parallel branches through reducers and checkpoints the join', async () => {
    const { alma } = makeAlma();
    const merged = await alma.mergeStates(
      ctx,
      [
        { items: ['a'], count: 1, status: 'x' },
        { items: ['b', 'c'], count: 2, status: 'y' },
      ],
      { fieldReducers: { items: 'append', count: 'sum' } },
    );
    expect(merged.checkpoint.state).toEqual({ items: ['a', 'b', 'c'], count: 3, status: 'y' });
    expect((await alma.getResumePoint('run-1', ctx))?.nodeId).toBe('join');
  });

  it('learns from a finished workflow: outcome, heuristics, anti-patterns, checkpoint cleanup', async () => {
    const { alma, storage } = makeAlma();
    await alma.checkpoint(ctx, 'n1', { a: 1 });
    await alma.checkpoint(ctx, 'n2', { a: 2 });
    const result = await alma.learnFromWorkflow(ctx, {
      agent: 'helena',
      result: 'success',
      summary: 'Checkout tests passed after seeding the sandbox card',
      strategiesUsed: ['seed sandbox card first'],
      successfulPatterns: ['seed sandbox card first'],
      failedPatterns: ['reuse a shared test account'],
      durationSeconds: 12.5,
      nodeCount: 2,
    });
    expect(result.checkpointsDeleted).toBe(2);
    expect(result.heuristics[0]).toMatchObject({ action: 'created', heuristic: { condition: 'workflow: checkout-tests', tenantId: 'acme' } });
    expect(result.antiPatterns[0]?.antiPattern).toMatchObject({
      pattern: 'reuse a shared test account',
      whyBad: 'Reported as a failed pattern of workflow checkout-tests (run run-1).',
    });
    expect(result.workflowOutcome.extractedHeuristics).toEqual([result.heuristics[0]?.heuristic.id]);
    expect(await storage.getWorkflowOutcome(result.workflowOutcome.id, { tenantId: 'acme' })).toBeDefined();

    // A second successful run strengthens the same heuristic; a failed run weakens it.
    const run2 = { ...ctx, runId: 'run-2' };
    const again = await alma.learnFromWorkflow(run2, { agent: 'helena', result: 'success', summary: 'ok', successfulPatterns: ['seed sandbox card first'] });
    expect(again.heuristics[0]).toMatchObject({ action: 'updated', heuristic: { occurrenceCount: 2, successCount: 2 } });
    const failed = await alma.learnFromWorkflow({ ...ctx, runId: 'run-3' }, {
      agent: 'helena', result: 'failure', summary: 'card declined', strategiesUsed: ['seed sandbox card first'], errorMessage: 'declined',
    }, { cleanupCheckpoints: false });
    expect(failed.heuristics[0]?.heuristic).toMatchObject({ occurrenceCount: 3, successCount: 2 });

    const slice = await alma.retrieve({ task: 'checkout tests sandbox card', agent: 'helena', context: ctx, includeWorkflowOutcomes: true });
    expect(slice.workflowOutcomes.length).toBeGreaterThan(0);
    expect(slice.heuristics.map((h) => h.strategy)).toContain('seed sandbox card first');
  });

  it('rejects workflow learning without workflow/run ids or with bad input, writing nothing', async () => {
    const { alma, storage } = makeAlma();
    await expect(alma.learnFromWorkflow({ tenantId: 'acme' }, { agent: 'a', result: 'success', summary: 's' })).rejects.toThrow(/workflowId/);
    await expect(alma.learnFromWorkflow(ctx, { agent: 'a', result: 'great' as never, summary: 's' })).rejects.toBeInstanceOf(ValidationError);
    expect((await storage.getStats({ scope: { tenantId: 'acme' }, projectId: 'shop' })).workflowOutcomes).toBe(0);
  });

  it('links artifacts only to memories that exist, and lists them', async () => {
    const { alma } = makeAlma();
    const k = await alma.addDomainKnowledge({ agent: 'a', domain: 'd', fact: 'screenshots show the bug', context: { tenantId: 'acme' } });
    const link = await alma.linkArtifact({ memoryId: k.id, artifactType: 'SCREENSHOT', storageUrl: 's3://bucket/shot.png', context: { tenantId: 'acme' } });
    expect(link.artifactType).toBe('screenshot');
    const other = await alma.linkArtifact({ memoryId: k.id, artifactType: 'hologram', storageUrl: 's3://b/h', context: { tenantId: 'acme' } });
    expect(other.artifactType).toBe('other');
    expect(await alma.getArtifacts(k.id, { tenantId: 'acme' })).toHaveLength(2);
    expect(await alma.getArtifacts(k.id, { tenantId: 'evil' })).toHaveLength(0);
    await expect(alma.linkArtifact({ memoryId: 'missing', artifactType: 'log', storageUrl: 's3://x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(alma.linkArtifact({ memoryId: k.id, artifactType: 'log', storageUrl: 's3://x', context: { tenantId: 'evil' } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('cleans up checkpoints keeping the latest N', async () => {
    const { alma } = makeAlma();
    for (let i = 0; i < 5; i++) await alma.checkpoint(ctx, `n${i}`, { i });
    expect(await alma.cleanupCheckpoints('run-1', { keepLatest: 2 }, ctx)).toBe(3);
    expect((await alma.getResumePoint('run-1', ctx))?.seq).toBe(5);
    expect(alma.scopeOf(ctx)).toEqual({ tenantId: 'acme' });
    await alma.close();
  });
});
