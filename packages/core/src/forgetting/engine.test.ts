import { describe, expect, it } from '@jest/globals';
import { ConfigError, SINGLE_TENANT, TenantRequiredError, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { antiPattern, daysAgo, heuristic, knowledge, outcome } from '../test-support/records.js';

async function seed() {
  const env = makeAlma();
  const s = env.storage;
  const h = {
    lowConf: heuristic({ confidence: 0.2 }),
    lowSuccess: heuristic({ occurrenceCount: 10, successCount: 3 }),
    stale: heuristic({ occurrenceCount: 3, successCount: 0, lastValidated: daysAgo(70) }),
    keep: heuristic({ confidence: 0.9 }),
  };
  const o = { old: outcome({ timestamp: daysAgo(100) }), keep: outcome({ timestamp: daysAgo(10) }) };
  const k = {
    lowConf: knowledge({ confidence: 0.4 }),
    old: knowledge({ lastVerified: daysAgo(200) }),
    unverified: knowledge({ lastVerified: daysAgo(100) }),
    keep: knowledge(),
  };
  const a = { old: antiPattern({ lastSeen: daysAgo(400) }), keep: antiPattern() };
  for (const r of Object.values(h)) await s.saveMemory('heuristic', r);
  for (const r of Object.values(o)) await s.saveMemory('outcome', r);
  for (const r of Object.values(k)) await s.saveMemory('domain_knowledge', r);
  for (const r of Object.values(a)) await s.saveMemory('anti_pattern', r);
  await s.saveMemory('outcome', outcome({ agent: 'victor', timestamp: daysAgo(300) }));
  return { ...env, h, o, k, a };
}

const counts = async (env: Awaited<ReturnType<typeof seed>>) =>
  (await env.storage.getStats({ scope: SINGLE_TENANT, projectId: 'shop' })).counts;

describe('ForgettingEngine.prune', () => {
  it('lists what the policy removes with reasons; dryRun writes nothing, the real run deletes exactly that', async () => {
    const env = await seed();
    const before = await counts(env);
    const dry = await env.alma.forgetting.prune({}, { agent: 'helena', dryRun: true });
    const reasons = Object.fromEntries(dry.items.map((i) => [i.id, `${i.memoryType}:${i.reason}`]));
    expect(reasons).toEqual({
      [env.o.old.id]: 'outcome:stale',
      [env.h.lowConf.id]: 'heuristic:low_confidence',
      [env.h.lowSuccess.id]: 'heuristic:low_success',
      [env.h.stale.id]: 'heuristic:stale',
      [env.k.lowConf.id]: 'domain_knowledge:low_confidence',
      [env.k.old.id]: 'domain_knowledge:stale',
      [env.k.unverified.id]: 'domain_knowledge:stale',
      [env.a.old.id]: 'anti_pattern:stale',
    });
    expect(dry.items.find((i) => i.id === env.k.old.id)?.details).toBe('Older than 180 days');
    expect(dry.items.find((i) => i.id === env.h.lowSuccess.id)?.details).toBe('Success rate 0.30 < 0.4');
    expect(dry).toMatchObject({ dryRun: true, outcomes: 1, heuristics: 3, domainKnowledge: 3, antiPatterns: 1, total: 8 });
    expect(await counts(env)).toEqual(before);

    const real = await env.alma.forgetting.prune({}, { agent: 'helena' });
    expect(real.items.map((i) => i.id).sort()).toEqual(dry.items.map((i) => i.id).sort());
    expect(real).toMatchObject({ dryRun: false, total: 8 });
    expect(await counts(env)).toMatchObject({ heuristic: 1, outcome: 2, domain_knowledge: 1, anti_pattern: 1 });
    // victor's stale outcome was outside the agent filter; a project-wide run removes it
    expect((await env.alma.forgetting.prune()).items).toEqual([expect.objectContaining({ agent: 'victor', reason: 'stale' })]);
  });

  it('enforces per-agent quotas: lowest-confidence heuristics and oldest outcomes go first', async () => {
    const { alma, storage } = makeAlma();
    const hs = [0.9, 0.5, 0.7].map((confidence) => heuristic({ confidence }));
    const os = [5, 1, 3, 2].map((d) => outcome({ timestamp: daysAgo(d) }));
    for (const h of hs) await storage.saveMemory('heuristic', h);
    for (const o of os) await storage.saveMemory('outcome', o);
    await storage.saveMemory('outcome', outcome({ agent: 'victor' }));
    const r = await alma.forgetting.prune({ maxHeuristicsPerAgent: 1, maxOutcomesPerAgent: 2 });
    const quota = r.items.filter((i) => i.reason === 'quota').map((i) => i.id).sort();
    expect(quota).toEqual([hs[1]?.id, hs[2]?.id, os[0]?.id, os[2]?.id].sort());
    expect(r.items[0]?.details).toMatch(/Exceeded quota of/);
    expect((await storage.getStats({ scope: SINGLE_TENANT, projectId: 'shop', agent: 'victor' })).counts.outcome).toBe(1);
  });

  it('takes its defaults from the memory options', async () => {
    const { alma, storage } = makeAlma({ memory: { pruneOutcomesOlderThanDays: 10, pruneHeuristicsBelowConfidence: 0.6 } });
    await storage.saveMemory('outcome', outcome({ timestamp: daysAgo(20) }));
    await storage.saveMemory('heuristic', heuristic({ confidence: 0.5 }));
    expect(alma.forgetting.defaultPolicy).toMatchObject({ outcomeMaxAgeDays: 10, heuristicMinConfidence: 0.6, knowledgeMaxAgeDays: 180 });
    expect((await alma.forgetting.prune({}, { dryRun: true })).total).toBe(2);
  });

  it('prunes inside the caller tenant only', async () => {
    const { alma, storage } = makeAlma();
    const t1 = outcome({ tenantId: 't1', timestamp: daysAgo(200) });
    const t2 = outcome({ tenantId: 't2', timestamp: daysAgo(200) });
    await storage.saveMemory('outcome', t1);
    await storage.saveMemory('outcome', t2);
    const r = await alma.forgetting.prune({}, { context: { tenantId: 't1' } });
    expect(r.items.map((i) => i.id)).toEqual([t1.id]);
    expect(await storage.getMemory('outcome', t2.id, { tenantId: 't2' })).toBeDefined();
    const strict = makeAlma({ requireTenant: true });
    await expect(strict.alma.forgetting.prune()).rejects.toBeInstanceOf(TenantRequiredError);
  });

  it('invalidates cached retrievals it could affect', async () => {
    const { alma, storage } = makeAlma();
    const stale = outcome({ timestamp: daysAgo(120), embedding: (await alma.embedder.embed(['Test the login form']))[0] });
    await storage.saveMemory('outcome', stale);
    const first = await alma.retrieve({ task: 'Test the login form', agent: 'helena' });
    expect(first.outcomes.map((o) => o.id)).toEqual([stale.id]);
    expect((await alma.retrieve({ task: 'Test the login form', agent: 'helena' })).metadata['cache']).toBe('hit');
    await alma.forgetting.prune();
    const after = await alma.retrieve({ task: 'Test the login form', agent: 'helena' });
    expect(after.metadata['cache']).toBe('miss');
    expect(after.outcomes).toEqual([]);
  });

  it('rejects bad input with a ValidationError naming the field, before any write', async () => {
    const env = await seed();
    const before = await counts(env);
    await expect(env.alma.forgetting.prune({ outcomeMaxAgeDays: -1 })).rejects.toThrow(/outcomeMaxAgeDays/);
    await expect(env.alma.forgetting.prune({ heuristicMinConfidence: 2 })).rejects.toBeInstanceOf(ValidationError);
    await expect(env.alma.forgetting.prune({ bogus: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(env.alma.forgetting.prune({}, { dryRun: 'yes' as never })).rejects.toThrow(/dryRun/);
    await expect(env.alma.forgetting.prune({}, { agent: '' })).rejects.toThrow(/agent/);
    expect(await counts(env)).toEqual(before);
    expect(() => makeAlma({ forgetting: { policy: { maxOutcomesPerAgent: 0 } } })).toThrow(ConfigError);
  });
});

describe('ForgettingEngine.identifyCandidates', () => {
  it('ranks heuristics by decay score, lowest first', async () => {
    const { alma, storage } = makeAlma();
    const weak = heuristic({ confidence: 0.1, occurrenceCount: 1, successCount: 0, createdAt: daysAgo(90) });
    const strong = heuristic({ confidence: 1, occurrenceCount: 20, successCount: 20 });
    await storage.saveMemory('heuristic', strong);
    await storage.saveMemory('heuristic', weak);
    const list = await alma.forgetting.identifyCandidates({ maxCandidates: 5 });
    expect(list.map((c) => c.id)).toEqual([weak.id, strong.id]);
    expect(list[1]?.score).toBeCloseTo(1, 12);
    expect(list[0]).toMatchObject({ ageDays: 90, confidence: 0.1 });
    expect(await alma.forgetting.identifyCandidates({ maxCandidates: 1 })).toHaveLength(1);
  });
});
