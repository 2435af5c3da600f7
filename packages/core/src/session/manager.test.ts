import { describe, expect, it } from '@jest/globals';
import { NotFoundError, SINGLE_TENANT, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { heuristic, outcome } from '../test-support/records.js';
import { formatQuickReload } from './handoff.js';

const MIN = 60_000;

describe('SessionManager', () => {
  it('runs a session: start, record, finalize, quick reload', async () => {
    const { alma, storage, clock } = makeAlma();
    const ctx = await alma.sessions.startSession('helena', { goal: 'Ship the login form', sessionId: 's1', activeFiles: ['login.ts'] });
    expect(ctx).toMatchObject({ sessionId: 's1', resumed: false, recentOutcomes: [], relevantHeuristics: [] });
    expect(ctx.previousHandoff).toBeUndefined();
    expect(ctx.handoff).toMatchObject({ lastAction: 'session_start', lastOutcome: 'unknown', currentGoal: 'Ship the login form' });
    expect(ctx.formatOrientation()).toBe('# Session Orientation\nProject: shop\nAgent: helena\nSession: s1\nGoal: Ship the login form');
    expect(await storage.listSessionHandoffs({ scope: SINGLE_TENANT, projectId: 'shop' })).toHaveLength(1);

    for (let i = 1; i <= 12; i++) await alma.sessions.recordDecision('helena', `decision ${i}`);
    await alma.sessions.addBlocker('helena', 'CI is red');
    await alma.sessions.addBlocker('helena', 'CI is red');
    await alma.sessions.addBlocker('helena', 'waiting for review');
    await alma.sessions.removeBlocker('helena', 'CI is red');
    await alma.sessions.setTestStatus('helena', 'login', true);
    await alma.sessions.setTestStatus('helena', 'signup', false);
    const updated = await alma.sessions.updateSession('helena', { action: 'wrote tests', activeFile: 'login.test.ts', confidence: 0.8, risk: 'flaky e2e', outcome: 'success' });
    await alma.sessions.updateSession('helena', { activeFile: 'login.test.ts', risk: 'flaky e2e', goal: 'Ship login' });
    expect(updated.keyDecisions).toEqual(Array.from({ length: 10 }, (_, i) => `decision ${i + 3}`));
    expect(updated).toMatchObject({ blockers: ['waiting for review'], testStatus: { login: true, signup: false }, activeFiles: ['login.ts', 'login.test.ts'], riskFlags: ['flaky e2e'], lastAction: 'wrote tests' });
    expect((await alma.sessions.getActiveHandoff('helena'))?.currentGoal).toBe('Ship login');

    clock.now = new Date(clock.now.getTime() + 30 * MIN);
    const steps = Array.from({ length: 12 }, (_, i) => `step ${i + 1}`);
    const final = await alma.sessions.finalize('helena', { lastAction: 'opened PR', lastOutcome: 'success', nextSteps: steps, metadata: { pr: 42 } });
    expect(final).toMatchObject({ sessionEnd: clock.now, durationMs: 30 * MIN, nextSteps: steps.slice(0, 10), metadata: { pr: 42 } });
    expect(await alma.sessions.getActiveHandoff('helena')).toBeUndefined();
    const reload = await alma.sessions.getQuickReload('helena');
    expect(reload).toBe(formatQuickReload(final));
    expect(reload).toContain('## Session Handoff: s1\nAgent: helena\nGoal: Ship login\nLast Action: opened PR (success)\nConfidence: 80%');
    expect(reload).toContain('### Next Steps:\n- step 1\n- step 2\n- step 3\n- step 4\n- step 5\n\n### Blockers:');
    expect(reload).toContain('### Key Decisions:\n- decision 8\n- decision 9\n- decision 10\n- decision 11\n- decision 12');
    expect(reload).toContain('### Active Files:\n- login.ts\n- login.test.ts\n\n### Risks:\n- flaky e2e\n\n### Tests: 1/2 passing');
    expect(await alma.sessions.getQuickReload('victor')).toBe('No previous session found for agent victor');
  });

  it('orients the next session from the last handoff, progress and memory; closes an unfinished one as interrupted', async () => {
    const { alma, storage, clock } = makeAlma({ sessions: { rulesOfEngagement: ['Run the tests before committing'] } });
    const h = heuristic({ strategy: 'fill every field then submit', embedding: (await alma.embedder.embed(['form fill every field then submit']))[0] });
    await storage.saveMemory('heuristic', h);
    await storage.saveMemory('outcome', outcome({ taskDescription: 'Test the signup form', success: false }));
    await alma.progress.createItem({ title: 'Fix signup validation', priority: 80, agent: 'helena' });
    await alma.sessions.startSession('helena', { goal: 'Test the forms' });
    await alma.sessions.addBlocker('helena', 'staging is down');
    await alma.sessions.finalize('helena', { lastAction: 'tested login', lastOutcome: 'failure', nextSteps: ['retry signup', 'b', 'c', 'd'] });
    clock.now = new Date(clock.now.getTime() + MIN);

    const second = await alma.sessions.startSession('helena');
    expect(second.previousHandoff?.lastAction).toBe('tested login');
    expect(second.handoff).toMatchObject({ currentGoal: 'Test the forms', blockers: ['staging is down'] });
    expect(second.suggestedFocus?.title).toBe('Fix signup validation');
    expect(second.relevantHeuristics.map((x) => x.id)).toEqual([h.id]);
    expect(second.recentOutcomes).toHaveLength(1);
    const text = second.formatOrientation();
    for (const part of [
      '## Previous Session\nOutcome: failure\nLast Action: tested login\nGoal: Test the forms\nNext Steps from Last Session:\n  - retry signup\n  - b\n  - c\n\n## Progress\n0/1 done',
      '## Outstanding Blockers\n- staging is down',
      '## Suggested Focus\nTask: Fix signup validation',
      '## Relevant Strategies\n- When task type: form_testing: fill every field then submit (80%)',
      '## Recent Outcomes\n- FAILED: Test the signup form',
      '## Rules of Engagement\n- Run the tests before committing',
    ]) expect(text).toContain(part);

    await alma.sessions.recordDecision('helena', 'use fixtures');
    clock.now = new Date(clock.now.getTime() + 5 * MIN);
    const third = await alma.sessions.startSession('helena', { goal: 'Retry' });
    expect(third.previousHandoff).toMatchObject({ sessionId: second.sessionId, lastOutcome: 'interrupted', durationMs: 5 * MIN });
    expect(third.formatOrientation()).toContain('Key Decisions:\n  - use fixtures');
    const resumed = await alma.sessions.startSession('helena', { sessionId: third.sessionId });
    expect(resumed).toMatchObject({ resumed: true, sessionId: third.sessionId });
    expect(resumed.handoff.id).toBe(third.handoff.id);
    expect(resumed.previousHandoff?.sessionId).toBe(second.sessionId);

    expect((await alma.sessions.getPreviousSessions('helena')).map((x) => x.lastOutcome)).toEqual(['interrupted', 'failure']);
    const stats = await alma.sessions.getAgentStats('helena');
    expect(stats).toMatchObject({ totalSessions: 2, successRate: 0, avgDurationMs: 5 * MIN, commonBlockers: ['staging is down'] });
  });

  it('finalizes a session that was never started, and clears history', async () => {
    const { alma } = makeAlma();
    const h = await alma.sessions.finalize('victor', { lastAction: 'deployed', lastOutcome: 'success', goal: 'Deploy', sessionId: 'ad-hoc', confidence: 0.9 });
    expect(h).toMatchObject({ sessionId: 'ad-hoc', currentGoal: 'Deploy', durationMs: 0, confidenceLevel: 0.9 });
    expect((await alma.sessions.getLatestHandoff('victor'))?.id).toBe(h.id);
    expect(await alma.sessions.getAgentStats('victor')).toMatchObject({ totalSessions: 1, successRate: 1, avgDurationMs: 0 });
    await alma.sessions.startSession('helena');
    expect(await alma.sessions.clearHistory('victor')).toBe(1);
    expect(await alma.sessions.clearHistory()).toBe(1);
    expect(await alma.sessions.getAgentStats('nobody')).toMatchObject({ totalSessions: 0, successRate: 0, commonBlockers: [] });
  });

  it('isolates tenants', async () => {
    const { alma } = makeAlma();
    const t1 = { tenantId: 't1' };
    const ctx = await alma.sessions.startSession('helena', { context: t1 });
    expect(ctx.handoff.tenantId).toBe('t1');
    await expect(alma.sessions.recordDecision('helena', 'x', { context: { tenantId: 't2' } })).rejects.toBeInstanceOf(NotFoundError);
    await alma.sessions.finalize('helena', { lastAction: 'done', lastOutcome: 'success', context: t1 });
    expect(await alma.sessions.getQuickReload('helena', { context: { tenantId: 't2' } })).toMatch(/No previous session/);
    expect(await alma.sessions.getQuickReload('helena')).toMatch(/No previous session/);
    expect(await alma.sessions.getQuickReload('helena', { context: t1 })).toContain('Last Action: done (success)');
    expect(await alma.sessions.clearHistory(undefined, { context: { tenantId: 't2' } })).toBe(0);
  });

  it('rejects bad input naming the field, and calls without an active session', async () => {
    const { alma, storage } = makeAlma();
    await expect(alma.sessions.recordDecision('helena', 'x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(alma.sessions.startSession('')).rejects.toThrow(/agent/);
    await expect(alma.sessions.startSession('helena', { goal: '' })).rejects.toThrow(/goal/);
    await expect(alma.sessions.startSession('helena', { sessionId: 'a\u0000b' })).rejects.toThrow(/sessionId/);
    expect(await storage.listSessionHandoffs({ scope: SINGLE_TENANT, projectId: 'shop' })).toEqual([]);
    await alma.sessions.startSession('helena', { sessionId: 's1' });
    await expect(alma.sessions.recordDecision('helena', '  ')).rejects.toThrow(/decision/);
    await expect(alma.sessions.recordDecision('helena', 'x', { sessionId: 'other' })).rejects.toThrow(/helena\/other/);
    await expect(alma.sessions.setTestStatus('helena', 'login', 'yes' as never)).rejects.toThrow(/passing/);
    await expect(alma.sessions.updateSession('helena', { confidence: 2 })).rejects.toThrow(/confidence/);
    await expect(alma.sessions.updateSession('helena', { outcome: 'great' as never })).rejects.toThrow(/outcome/);
    await expect(alma.sessions.finalize('helena', { lastAction: 'x', lastOutcome: 'great' as never })).rejects.toThrow(/lastOutcome/);
    await expect(alma.sessions.finalize('helena', { lastAction: '', lastOutcome: 'success' })).rejects.toThrow(/lastAction/);
    await expect(alma.sessions.getPreviousSessions('helena', { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    expect((await alma.sessions.getActiveHandoff('helena', { sessionId: 's1' }))?.keyDecisions).toEqual([]);
  });
});
