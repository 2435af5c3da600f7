import { describe, expect, it } from '@jest/globals';
import { ScopeViolationError, ValidationError } from '@alma/types';
import { makeAlma } from './test-support/alma.js';

const scope = {};
const learnSuccess = { agent: 'helena', task: 'Test the login form validation', outcome: 'success' as const, strategyUsed: 'fill every field then submit' };

describe('ALMA.learn', () => {
  it('saves the outcome with an inferred task type and a write-time embedding', async () => {
    const { alma, storage } = makeAlma();
    const result = await alma.learn(learnSuccess);
    expect(result.outcome).toMatchObject({ agent: 'helena', projectId: 'shop', taskType: 'form_testing', success: true });
    const stored = await storage.getMemory('outcome', result.outcome.id, scope);
    expect(stored?.embedding?.length).toBe(alma.embedder.dimension);
    expect(result.heuristic).toBeUndefined();
  });

  it('forms a heuristic after min occurrences, then updates it instead of duplicating', async () => {
    const { alma, storage } = makeAlma({ agents: { helena: { minOccurrencesForHeuristic: 3 } } });
    await alma.learn(learnSuccess);
    const second = await alma.learn(learnSuccess);
    expect(second.heuristic).toBeUndefined();
    const third = await alma.learn(learnSuccess);
    expect(third.heuristic?.action).toBe('created');
    expect(third.heuristic?.heuristic).toMatchObject({ condition: 'task type: form_testing', occurrenceCount: 3, successCount: 3, confidence: 1 });
    const fourth = await alma.learn({ ...learnSuccess, outcome: 'failure', errorMessage: 'timeout' });
    expect(fourth.heuristic?.action).toBe('updated');
    expect(fourth.heuristic?.heuristic.id).toBe(third.heuristic?.heuristic.id);
    expect(fourth.heuristic?.heuristic).toMatchObject({ occurrenceCount: 4, successCount: 3, confidence: 0.75 });
    const all = await storage.queryMemories('heuristic', { scope, projectId: 'shop', topK: 100 });
    expect(all).toHaveLength(1);
    expect(all[0]?.record.confidence).toBe(0.75);
  });

  it('forms an anti-pattern from repeated similar failures, then the write guard blocks that strategy', async () => {
    const { alma, storage } = makeAlma();
    const fail = { agent: 'victor', task: 'Call the orders API', outcome: 'failure' as const, strategyUsed: 'poll without backoff', errorMessage: 'HTTP 429 Too Many Requests' };
    expect((await alma.learn(fail)).antiPattern).toBeUndefined();
    const second = await alma.learn({ ...fail, errorMessage: 'http 429 too many requests (retry later)' });
    expect(second.antiPattern?.action).toBe('created');
    expect(second.antiPattern?.antiPattern).toMatchObject({ pattern: 'poll without backoff', occurrenceCount: 2 });
    const before = (await storage.getStats({ scope, projectId: 'shop' })).counts.outcome;
    await expect(alma.learn(fail)).rejects.toBeInstanceOf(ScopeViolationError);
    await expect(alma.learn(fail)).rejects.toThrow(/anti-pattern write guard/);
    expect((await storage.getStats({ scope, projectId: 'shop' })).counts.outcome).toBe(before);
  });

  it('can turn the write guard off', async () => {
    const { alma } = makeAlma({ learning: { antiPatternWriteGuard: false } });
    const fail = { agent: 'victor', task: 'Call the orders API', outcome: 'failure' as const, strategyUsed: 'poll without backoff', errorMessage: 'HTTP 429' };
    await alma.learn(fail);
    await alma.learn(fail);
    const third = await alma.learn(fail);
    expect(third.antiPattern?.action).toBe('updated');
    expect(third.antiPattern?.antiPattern.occurrenceCount).toBe(3);
    // A workflow reporting the same failed pattern without an error keeps the learned reason.
    const wf = await alma.learnFromWorkflow(
      { workflowId: 'w', runId: 'r' },
      { agent: 'victor', result: 'failure', summary: 'orders sync failed', failedPatterns: ['poll without backoff'] },
    );
    expect(wf.antiPatterns[0]).toMatchObject({ action: 'updated', antiPattern: { whyBad: 'HTTP 429', occurrenceCount: 4 } });
  });

  it('enforces domain scope on learn and writes nothing when denied', async () => {
    const { alma, storage } = makeAlma({ agents: { helena: { canLearn: ['testing'], cannotLearn: ['security_testing'] } } });
    await expect(alma.learn({ ...learnSuccess, task: 'Deploy the service', taskType: 'deployment' })).rejects.toThrow(
      /may not learn in domain 'deployment': it is not in can_learn/,
    );
    await expect(alma.learn({ ...learnSuccess, taskType: 'security_testing' })).rejects.toThrow(/cannot_learn/);
    expect((await alma.learn(learnSuccess)).outcome.taskType).toBe('form_testing');
    expect((await storage.getStats({ scope, projectId: 'shop' })).counts.outcome).toBe(1);
  });

  it('keeps each agent under its outcome quota, newest kept', async () => {
    const { alma, storage, clock } = makeAlma({ memory: { maxOutcomesPerAgent: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.now = new Date(clock.now.getTime() + 1000);
      ids.push((await alma.learn({ ...learnSuccess, strategyUsed: `strategy number ${i} unique${i}` })).outcome.id);
    }
    const left = await storage.queryMemories('outcome', { scope, projectId: 'shop', topK: 100 });
    expect(left.map((s) => s.record.id).sort()).toEqual(ids.slice(2).sort());
  });

  it('rejects bad input with a ValidationError naming the field, writing nothing', async () => {
    const { alma, storage } = makeAlma();
    await expect(alma.learn({ ...learnSuccess, agent: '' })).rejects.toThrow(/agent/);
    await expect(alma.learn({ ...learnSuccess, outcome: 'maybe' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(alma.learn({ ...learnSuccess, durationMs: -1 })).rejects.toThrow(/durationMs/);
    await expect(alma.learn({ ...learnSuccess, context: { nodeId: 'n' } })).rejects.toThrow(/nodeId needs runId/);
    expect((await storage.getStats({ scope, projectId: 'shop' })).totalMemories).toBe(0);
  });

  it('records outcomes at the context where they were learned', async () => {
    const { alma } = makeAlma();
    const ctx = { tenantId: 't1', workflowId: 'wf', runId: 'r1', nodeId: 'n1' };
    const { outcome } = await alma.learn({ ...learnSuccess, context: ctx, durationMs: 5, feedback: 'good', metadata: { k: 1 } });
    expect(outcome).toMatchObject({ ...ctx, durationMs: 5, userFeedback: 'good', metadata: { k: 1 } });
  });
});
