import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, textOf, type Harness } from './test-support/in-memory.js';

const stats = (h: Harness) => h.ok<{ totalMemories: number; counts: Record<string, number> }>('alma_stats');
const errorCode = (r: { _meta?: Record<string, unknown> }) => (r._meta?.['alma/error'] as { code: string } | undefined)?.code;

let h: Harness;
afterEach(async () => h?.close());

describe('memory tools (in process)', () => {
  it('learn -> retrieve round trip, prompt by default and full records on request, never embeddings', async () => {
    h = await connect();
    for (let i = 0; i < 3; i++) {
      await h.ok('alma_learn', { agent: 'coder', task: 'fix the flaky login test', outcome: 'success', strategyUsed: 'add explicit waits', taskType: 'testing' });
    }
    const learned = await h.ok<{ outcome: { id: string }; heuristic?: { action: string }; pruned: number }>('alma_learn', {
      agent: 'coder', task: 'fix the flaky signup test', outcome: 'success', strategyUsed: 'add explicit waits', taskType: 'testing',
    });
    expect(learned.outcome.id).toMatch(/^out_/);
    expect(learned.heuristic?.action).toMatch(/created|updated/);

    const compact = await h.ok<{ prompt: string; ids: Record<string, string[]>; memories?: unknown; counts: Record<string, number> }>(
      'alma_retrieve', { agent: 'coder', task: 'fix a flaky test' },
    );
    expect(compact.memories).toBeUndefined();
    expect(compact.prompt).toContain('add explicit waits');
    expect(compact.ids['heuristics']?.length).toBeGreaterThan(0);

    const full = await h.call('alma_retrieve', { agent: 'coder', task: 'fix a flaky test', format: 'full', topK: 2, maxTokens: 500 });
    expect(full.isError).toBeFalsy();
    const memories = (full.structuredContent as { memories: Record<string, unknown[]> }).memories;
    expect(memories['outcomes']?.length).toBeLessThanOrEqual(2);
    expect(textOf(full)).not.toContain('embedding');
    expect(JSON.parse(textOf(full))).toEqual(full.structuredContent);
  });

  it('preferences and knowledge: saved, deduplicated, scoped by agent domain', async () => {
    h = await connect({}, { agents: { coder: { canLearn: ['testing'], cannotLearn: ['billing'] } } });
    const p1 = await h.ok<{ preference: { id: string; confidence: number } }>('alma_add_preference', {
      userId: 'ann', category: 'code_style', preference: 'Use tabs',
    });
    const p2 = await h.ok<{ preference: { id: string } }>('alma_add_preference', { userId: 'ann', category: 'code_style', preference: 'use tabs' });
    expect(p2.preference.id).toBe(p1.preference.id);
    expect(p1.preference.confidence).toBe(1);

    const k = await h.ok<{ knowledge: { id: string; domain: string } }>('alma_add_knowledge', {
      agent: 'coder', domain: 'testing', fact: 'Integration tests need the DB fixture', source: 'documentation',
    });
    expect(k.knowledge.domain).toBe('testing');
    const before = await stats(h);
    const denied = await h.call('alma_add_knowledge', { agent: 'coder', domain: 'billing', fact: 'Invoices are monthly' });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toMatch(/^SCOPE_VIOLATION: /);
    expect(await stats(h)).toEqual(before);

    const r = await h.ok<{ prompt: string }>('alma_retrieve', { agent: 'coder', task: 'write an integration test', userId: 'ann' });
    expect(r.prompt).toContain('Use tabs');
  });

  it('forget and delete_memory remove memories; stats per agent', async () => {
    h = await connect();
    const { outcome } = await h.ok<{ outcome: { id: string } }>('alma_learn', { agent: 'a', task: 'task one', outcome: 'failure', strategyUsed: 'guess', errorMessage: 'boom' });
    await h.ok('alma_learn', { agent: 'b', task: 'task two', outcome: 'success', strategyUsed: 'plan' });
    expect((await h.ok<{ totalMemories: number }>('alma_stats', { agent: 'a' })).totalMemories).toBe(1);

    const gone = await h.ok<{ total: number }>('alma_forget', { agent: 'a', olderThanDays: 1, belowConfidence: 0.1 });
    expect(gone.total).toBe(0); // nothing is a day old yet
    const del = await h.ok<{ deleted: boolean }>('alma_delete_memory', { memoryType: 'outcome', id: outcome.id });
    expect(del.deleted).toBe(true);
    expect((await h.ok<{ deleted: boolean }>('alma_delete_memory', { memoryType: 'outcome', id: outcome.id })).deleted).toBe(false);
    expect((await stats(h)).totalMemories).toBe(1);
  });

  it('bad input is a tool error that writes nothing', async () => {
    h = await connect();
    const before = await stats(h);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['alma_learn', { agent: 'a', task: '', outcome: 'success', strategyUsed: 's' }],
      ['alma_learn', { agent: 'a', task: 't', outcome: 'maybe', strategyUsed: 's' }],
      ['alma_learn', { agent: 'a', task: 't', outcome: 'success', strategyUsed: 's', context: { runId: 'r1' } }],
      ['alma_add_preference', { userId: 'u', category: 'c' }],
      ['alma_add_knowledge', { agent: 'a', domain: 'd', fact: 'f', extra: 1 }],
      ['alma_forget', { belowConfidence: 2 }],
      ['alma_delete_memory', { memoryType: 'nope', id: 'x' }],
      ['alma_retrieve', { agent: 'a', task: 't', topK: 1000 }],
      ['alma_retrieve', { agent: 'a', task: 't', scope: 'run' }],
      ['alma_stats', { agent: '' }],
    ];
    for (const [name, args] of bad) {
      const r = await h.call(name, args);
      expect({ name, isError: r.isError }).toEqual({ name, isError: true });
      expect(textOf(r).length).toBeGreaterThan(10);
    }
    expect(await stats(h)).toEqual(before);
    const ctxError = await h.call('alma_learn', { agent: 'a', task: 't', outcome: 'success', strategyUsed: 's', context: { runId: 'r1' } });
    expect(errorCode(ctxError)).toBe('VALIDATION');
    expect(textOf(ctxError)).toContain('runId needs workflowId');
  });
});

describe('scope bound by the server', () => {
  it('binds every call to the server tenant and refuses another tenant in arguments', async () => {
    h = await connect({ tenantId: 'acme' });
    await h.ok('alma_learn', { agent: 'a', task: 'ship it', outcome: 'success', strategyUsed: 'small steps', context: { tenantId: 'acme' } });
    const stored = await h.storage.getStats({ scope: { tenantId: 'acme' }, projectId: 'mcp-test' });
    expect(stored.totalMemories).toBe(1);
    expect((await h.storage.getStats({ scope: {}, projectId: 'mcp-test' })).totalMemories).toBe(0);

    const other = await h.call('alma_learn', { agent: 'a', task: 'x', outcome: 'success', strategyUsed: 'y', context: { tenantId: 'globex' } });
    expect(other.isError).toBe(true);
    expect(errorCode(other)).toBe('SCOPE_VIOLATION');
    expect(textOf(other)).toContain("tenant 'acme'");
    const topLevel = await h.call('alma_stats', { tenantId: 'globex' });
    expect(topLevel.isError).toBe(true);
    expect(stored.totalMemories).toBe((await stats(h)).totalMemories);
  });

  it("refuses scope 'global' unless the server allows admin", async () => {
    h = await connect({ tenantId: 'acme' });
    const refused = await h.call('alma_retrieve', { agent: 'a', task: 'anything', scope: 'global' });
    expect(errorCode(refused)).toBe('SCOPE_VIOLATION');
    expect(textOf(refused)).toContain('--allow-admin');
    await h.close();

    h = await connect({ tenantId: 'acme', allowAdmin: true });
    await h.storage.saveMemory('domain_knowledge', {
      id: 'dk_other', agent: 'a', projectId: 'mcp-test', tenantId: 'globex', domain: 'd', fact: 'Other tenant fact about anything',
      source: 'user_stated', confidence: 1, lastVerified: new Date(), metadata: {},
    });
    const tenantOnly = await h.ok<{ counts: Record<string, number> }>('alma_retrieve', { agent: 'a', task: 'fact about anything', scope: 'tenant' });
    expect(tenantOnly.counts['domainKnowledge']).toBe(0);
    const global = await h.ok<{ counts: Record<string, number> }>('alma_retrieve', { agent: 'a', task: 'fact about anything', scope: 'global' });
    expect(global.counts['domainKnowledge']).toBe(1);
  });
});
