import { describe, expect, it } from '@jest/globals';
import { ConfigError, ScopeViolationError, TenantRequiredError, ValidationError, newId } from '@alma/types';
import { makeAlma } from './test-support/alma.js';

describe('ALMA memory API', () => {
  it('retrieves what was learned, with the new and the old signature', async () => {
    const { alma } = makeAlma();
    await alma.addDomainKnowledge({ agent: 'helena', domain: 'forms', fact: 'The login form needs a CSRF token' });
    const slice = await alma.retrieve({ task: 'login form CSRF token', agent: 'helena' });
    expect(slice.domainKnowledge.map((k) => k.fact)).toEqual(['The login form needs a CSRF token']);
    const old = await alma.retrieve('login form CSRF token', 'helena', { topK: 1 });
    expect(old.domainKnowledge).toHaveLength(1);
    expect(alma.toPrompt(slice)).toContain('## Domain Context\n- The login form needs a CSRF token');
  });

  it('invalidates the retrieval cache on every write', async () => {
    const { alma } = makeAlma();
    const first = await alma.retrieve({ task: 'checkout payment tests', agent: 'helena' });
    expect(first.domainKnowledge).toHaveLength(0);
    await alma.addDomainKnowledge({ agent: 'helena', domain: 'payments', fact: 'checkout payment tests need the sandbox card' });
    const second = await alma.retrieve({ task: 'checkout payment tests', agent: 'helena' });
    expect(second.domainKnowledge).toHaveLength(1);
  });

  it('shares memories only where inheritFrom or shareWith allows', async () => {
    const { alma } = makeAlma({
      agents: { helena: { shareWith: ['victor'] }, victor: {}, quinn: { inheritFrom: ['victor'] }, mallory: {} },
    });
    await alma.addDomainKnowledge({ agent: 'helena', domain: 'api', fact: 'orders API paginates with cursor tokens' });
    await alma.addDomainKnowledge({ agent: 'victor', domain: 'api', fact: 'orders API rate limit is 100 per minute' });
    const facts = async (agent: string) =>
      (await alma.retrieve({ task: 'orders API', agent })).domainKnowledge.map((k) => k.agent).sort();
    expect(await facts('victor')).toEqual(['helena', 'victor']); // helena shares with victor
    expect(await facts('quinn')).toEqual(['victor']); // quinn inherits from victor only
    expect(await facts('mallory')).toEqual([]);
  });

  it('stores preferences with source-based confidence and without duplicates', async () => {
    const { alma, storage } = makeAlma();
    const p = await alma.addUserPreference({ userId: 'u1', category: 'code_style', preference: 'No semicolons' });
    expect(p.confidence).toBe(1);
    const again = await alma.addUserPreference({ userId: 'u1', category: 'code_style', preference: 'no semicolons ' });
    expect(again.id).toBe(p.id);
    const inferred = await alma.addUserPreference({ userId: 'u1', category: 'tone', preference: 'Short answers', source: 'inferred_from_correction' });
    expect(inferred.confidence).toBe(0.7);
    expect((await storage.getStats({ scope: {}, projectId: 'shop' })).counts.user_preference).toBe(2);
    const slice = await alma.retrieve({ task: 'write code', agent: 'helena', userId: 'u1' });
    expect(slice.preferences.map((x) => x.preference).sort()).toEqual(['No semicolons', 'Short answers']);
  });

  it('checks domain scope for knowledge and re-verifies a repeated fact', async () => {
    const { alma, clock } = makeAlma({ agents: { helena: { canLearn: ['forms'] } } });
    await expect(alma.addDomainKnowledge({ agent: 'helena', domain: 'billing', fact: 'x' })).rejects.toBeInstanceOf(ScopeViolationError);
    const k = await alma.addDomainKnowledge({ agent: 'helena', domain: 'forms', fact: 'Date fields use ISO format', source: 'documentation' });
    expect(k.confidence).toBe(0.8);
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await alma.addDomainKnowledge({ agent: 'helena', domain: 'forms', fact: 'date fields use ISO format' });
    expect(again.id).toBe(k.id);
    expect(again.lastVerified).toEqual(clock.now);
  });

  it('forgets old outcomes and weak heuristics, and reports counts', async () => {
    const { alma, storage, clock } = makeAlma();
    await alma.learn({ agent: 'helena', task: 'old task', outcome: 'success', strategyUsed: 'old way' });
    await storage.saveMemory('heuristic', {
      id: newId('heur'), agent: 'helena', projectId: 'shop', condition: 'c', strategy: 's', confidence: 0.1,
      occurrenceCount: 1, successCount: 0, lastValidated: clock.now, createdAt: clock.now, metadata: {},
    });
    clock.now = new Date(clock.now.getTime() + 100 * 86_400_000);
    await alma.learn({ agent: 'helena', task: 'new task', outcome: 'success', strategyUsed: 'new way' });
    expect(await alma.forget()).toEqual({ outcomes: 1, heuristics: 1, total: 2 });
    const stats = await alma.getStats({ agent: 'helena' });
    expect(stats.counts).toMatchObject({ outcome: 1, heuristic: 0 });
    await expect(alma.forget({ belowConfidence: 2 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('isolates tenants and enforces requireTenant', async () => {
    const { alma } = makeAlma({ requireTenant: true });
    await expect(alma.retrieve({ task: 'x', agent: 'a' })).rejects.toBeInstanceOf(TenantRequiredError);
    await alma.addDomainKnowledge({ agent: 'a', domain: 'd', fact: 'tenant one secret fact', context: { tenantId: 't1' } });
    const t2 = await alma.retrieve({ task: 'tenant one secret fact', agent: 'a', context: { tenantId: 't2' } });
    expect(t2.domainKnowledge).toHaveLength(0);
    const t1 = await alma.retrieve({ task: 'tenant one secret fact', agent: 'a', context: { tenantId: 't1' } });
    expect(t1.domainKnowledge).toHaveLength(1);
    await expect(alma.retrieve({ task: 'x', agent: 'a', scope: 'global', context: { tenantId: 't1' } })).rejects.toBeInstanceOf(
      ScopeViolationError,
    );
    const admin = await alma.retrieve({ task: 'tenant one secret fact', agent: 'a', scope: 'global', admin: true });
    expect(admin.domainKnowledge).toHaveLength(1);
  });

  it('rejects bad configuration in the constructor', () => {
    expect(() => makeAlma({ projectId: '' })).toThrow(ConfigError);
    expect(() => makeAlma({ agents: { a: { canLern: [] } as never } })).toThrow(/canLern/);
  });
});
