import { describe, expect, it } from '@jest/globals';
import { ConfigError, SINGLE_TENANT, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { daysAgo, heuristic, knowledge, outcome } from '../test-support/records.js';
import { ConfidenceDecayer } from './confidence-decayer.js';
import { LinearDecay, StepDecay } from './decay.js';

const DAY = 86_400_000;

describe('ConfidenceDecayer.applyDecay', () => {
  it('decays from the pre-decay confidence: dryRun writes nothing, reruns do not compound, pruning below 0.1', async () => {
    const { alma, storage, clock } = makeAlma();
    const h = heuristic({ confidence: 0.8, lastValidated: daysAgo(30) });
    const k = knowledge({ confidence: 1, lastVerified: daysAgo(60) });
    await storage.saveMemory('heuristic', h);
    await storage.saveMemory('domain_knowledge', k);
    const decayer = alma.forgetting.decayer;

    const dry = await decayer.applyDecay({ dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, processed: 2, updated: 2, pruned: 0, decayFunction: 'exponential(halfLife=30d)' });
    expect(dry.items.find((i) => i.id === h.id)?.to).toBeCloseTo(0.4, 12);
    expect(dry.items.find((i) => i.id === k.id)?.to).toBeCloseTo(0.25, 12);
    expect(dry.avgDecayApplied).toBeCloseTo((0.5 + 0.75) / 2, 12);
    expect((await storage.getMemory('heuristic', h.id, SINGLE_TENANT))?.confidence).toBe(0.8);

    await decayer.applyDecay();
    expect((await storage.getMemory('heuristic', h.id, SINGLE_TENANT))?.confidence).toBeCloseTo(0.4, 12);
    const again = await decayer.applyDecay();
    expect(again).toMatchObject({ updated: 0, pruned: 0 });
    expect((await storage.getMemory('heuristic', h.id, SINGLE_TENANT))?.confidence).toBeCloseTo(0.4, 12);

    clock.now = new Date(clock.now.getTime() + 60 * DAY);
    const later = await decayer.applyDecay();
    expect(later.items.find((i) => i.id === h.id)).toMatchObject({ action: 'updated' });
    expect(later.items.find((i) => i.id === h.id)?.to).toBeCloseTo(0.1, 12); // 0.8 · 0.5^(90/30)
    expect(later.items.find((i) => i.id === k.id)).toMatchObject({ action: 'pruned' }); // 1 · 0.5^(120/30) < 0.1
    expect(await storage.getMemory('domain_knowledge', k.id, SINGLE_TENANT)).toBeUndefined();

    // Re-validation resets the time field: the confidence before decay comes back.
    await storage.updateMemory('heuristic', h.id, { lastValidated: clock.now }, SINGLE_TENANT);
    await decayer.applyDecay();
    expect((await storage.getMemory('heuristic', h.id, SINGLE_TENANT))?.confidence).toBeCloseTo(0.8, 12);
  });

  it('uses the configured curve, filters by agent and tenant', async () => {
    const { alma, storage } = makeAlma({ forgetting: { decay: new StepDecay(), pruneBelowConfidence: 0.05 } });
    await storage.saveMemory('heuristic', heuristic({ confidence: 1, lastValidated: daysAgo(61) }));
    await storage.saveMemory('heuristic', heuristic({ agent: 'victor', confidence: 1, lastValidated: daysAgo(61) }));
    await storage.saveMemory('heuristic', heuristic({ tenantId: 't1', confidence: 1, lastValidated: daysAgo(61) }));
    const r = await alma.forgetting.decayer.applyDecay({ agent: 'helena' });
    expect(r.items.map((i) => i.to)).toEqual([0.7]);
    expect(alma.forgetting.decayer.pruneBelowConfidence).toBe(0.05);
    const t1 = await alma.forgetting.decayer.applyDecay({ context: { tenantId: 't1' } });
    expect(t1.processed).toBe(1);
  });

  it('rejects bad options', async () => {
    const { alma } = makeAlma();
    await expect(alma.forgetting.decayer.applyDecay({ dryRun: 1 as never })).rejects.toBeInstanceOf(ValidationError);
    expect(() => makeAlma({ forgetting: { pruneBelowConfidence: 2 } })).toThrow(ConfigError);
    expect(() => makeAlma({ forgetting: { decay: {} as never } })).toThrow(/DecayFunction/);
    const host = { storage: makeAlma().storage } as never;
    expect(() => new ConfidenceDecayer(host, { pruneBelowConfidence: -1 })).toThrow(ConfigError);
    expect(() => new ConfidenceDecayer(host, { decay: {} as never })).toThrow(ConfigError);
    expect(new ConfidenceDecayer(host, { decay: new LinearDecay() }).decayFunction.name).toMatch(/^linear/);
  });
});

describe('MemoryHealthMonitor', () => {
  it('collects metrics and raises alerts against thresholds', async () => {
    const { alma, storage, clock } = makeAlma({ forgetting: { health: { thresholds: { maxTotalItemsWarning: 5, maxAgentItemsWarning: 5 } } } });
    for (const [confidence, stale] of [[0.25, true], [0.5, true], [0.75, false], [0.5, false]] as const) {
      await storage.saveMemory('heuristic', heuristic({ confidence, lastValidated: stale ? daysAgo(70) : daysAgo(1), createdAt: daysAgo(10) }));
    }
    await storage.saveMemory('outcome', outcome());
    await storage.saveMemory('outcome', outcome({ agent: 'victor' }));
    const health = alma.forgetting.health;
    const m = await health.collectMetrics();
    expect(m).toMatchObject({
      totalItems: 6, heuristicCount: 4, outcomeCount: 2, knowledgeCount: 0, antiPatternCount: 0,
      staleHeuristicCount: 2, lowConfidenceCount: 1, agents: { helena: 5, victor: 1 }, agentsCount: 2,
    });
    expect(m.avgHeuristicConfidence).toBeCloseTo(0.5, 12);
    expect(m.avgHeuristicAgeDays).toBeCloseTo(10, 12);
    expect(m.storageBytes).toBeGreaterThan(0);
    const alerts = await health.checkHealth(m);
    expect(alerts.map((a) => `${a.level}:${a.category}`).sort()).toEqual(['critical:staleness', 'warning:agent_items', 'warning:total_items']);
    expect((await health.collectMetrics({ agent: 'victor' })).totalItems).toBe(1);
    expect(health.getGrowthTrend().status).toBe('insufficient_data');
    clock.now = new Date(clock.now.getTime() + 2 * DAY);
    await storage.saveMemory('outcome', outcome());
    await storage.saveMemory('outcome', outcome());
    const trend = health.getGrowthTrend();
    expect(trend.status).toBe('insufficient_data');
    await health.checkHealth();
    expect(health.getGrowthTrend()).toMatchObject({ status: 'ok', samples: 2, totalGrowth: 2, growthPerDay: 1, confidenceTrend: 0 });
    expect(health.getGrowthTrend({ agent: 'victor' })).toMatchObject({ status: 'insufficient_data', samples: 1 });
  });

  it('raises confidence and size alerts, stays quiet when healthy', async () => {
    const { alma, storage } = makeAlma({ forgetting: { health: { thresholds: { maxStorageBytesCritical: 10, maxTotalItemsCritical: 2 } } } });
    expect(await alma.forgetting.health.checkHealth()).toEqual([]);
    await storage.saveMemory('heuristic', heuristic({ confidence: 0.2 }));
    await storage.saveMemory('heuristic', heuristic({ confidence: 0.35 }));
    const cats = (await alma.forgetting.health.checkHealth()).map((a) => `${a.level}:${a.category}`).sort();
    expect(cats).toEqual(['critical:confidence', 'critical:storage', 'critical:total_items']);
    const warn = makeAlma();
    await warn.storage.saveMemory('heuristic', heuristic({ confidence: 0.45, lastValidated: daysAgo(61) }));
    await warn.storage.saveMemory('heuristic', heuristic({ confidence: 0.45 }));
    await warn.storage.saveMemory('heuristic', heuristic({ confidence: 0.45 }));
    const w = await warn.alma.forgetting.health.checkHealth();
    expect(w.map((a) => `${a.level}:${a.category}`).sort()).toEqual(['warning:confidence', 'warning:staleness']);
    await expect(warn.alma.forgetting.health.collectMetrics({ agent: 3 as never })).rejects.toBeInstanceOf(ValidationError);
  });
});
