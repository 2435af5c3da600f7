import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { antiPattern, daysAgo, heuristic, outcome } from '../test-support/records.js';
import { strategiesMatch } from './detect.js';

async function embedded<T extends { embedding?: Float32Array }>(alma: ReturnType<typeof makeAlma>['alma'], record: T, text: string): Promise<T> {
  return { ...record, embedding: (await alma.embedder.embed([text]))[0] };
}

describe('ConfidenceEngine.assessStrategy', () => {
  it('treats a strategy with no history in an empty memory as novel', async () => {
    const { alma } = makeAlma();
    const s = await alma.confidence.assessStrategy('click the button', 'Open the checkout page', 'helena');
    expect(s).toMatchObject({ occurrenceCount: 0, historicalSuccessRate: 0, contextSimilarity: 0.3, riskSignals: [], opportunitySignals: [] });
    expect(s.predictedSuccess).toBeCloseTo(0.5, 12);
    expect(s.uncertainty).toBeCloseTo(0.75, 12);
    expect(s.confidenceScore).toBeCloseTo(0.2 + 0.045 + 0.0375, 12);
    expect(s.recommendation).toBe('caution');
    expect(s.reasoning).toMatch(/No historical data/);
    expect(s.reasoning).toMatch(/quite different/);
  });

  it('scores a proven heuristic with the spec formulas (0.909, strong_yes)', async () => {
    const { alma, storage } = makeAlma();
    const h = await embedded(alma, heuristic({ occurrenceCount: 10, successCount: 8, confidence: 0.8 }), 'form_testing fill every field then submit');
    await storage.saveMemory('heuristic', h);
    const s = await alma.confidence.assessStrategy('fill every field then submit', 'Test the signup form', 'helena');
    expect(s).toMatchObject({ heuristicId: h.id, occurrenceCount: 10, historicalSuccessRate: 0.8, contextSimilarity: 0.7 });
    expect(s.predictedSuccess).toBeCloseTo(0.71, 12);
    expect(s.uncertainty).toBeCloseTo(0.2, 12);
    expect(s.opportunitySignals).toEqual([expect.objectContaining({ signalType: 'proven_pattern', strength: 0.8, relatedMemories: [h.id] })]);
    expect(s.confidenceScore).toBeCloseTo(0.909, 12);
    expect(s.recommendation).toBe('strong_yes');
    expect(s.reasoning).toMatch(/80% success rate over 10 uses.*highly similar.*POSITIVE: 1/);
  });

  it('falls back to the outcomes of the strategy, and counts recent successes', async () => {
    const { alma, storage } = makeAlma();
    const text = 'Call the orders API retry with backoff';
    for (const [success, days] of [[true, 1], [true, 2], [false, 3]] as const) {
      const o = outcome({ taskDescription: 'Call the orders API', taskType: 'api_testing', strategyUsed: 'retry with backoff', success, timestamp: daysAgo(days) });
      await storage.saveMemory('outcome', await embedded(alma, o, text));
    }
    await storage.saveMemory('outcome', outcome({ strategyUsed: 'retry with backoff', success: true, timestamp: daysAgo(90) }));
    const s = await alma.confidence.assessStrategy('retry with backoff', 'Call the orders API', 'helena');
    expect(s).toMatchObject({ occurrenceCount: 4, contextSimilarity: 0.8 });
    expect(s.historicalSuccessRate).toBeCloseTo(0.75, 12);
    expect(s.predictedSuccess).toBeCloseTo(0.8 * 0.75 + 0.1, 12);
    expect(s.uncertainty).toBeCloseTo((0.5 + 0.2) / 2, 12);
    expect(s.opportunitySignals).toEqual([expect.objectContaining({ signalType: 'recent_success', strength: 0.6 })]);
    expect(s.opportunitySignals[0]?.relatedMemories).toHaveLength(2);
    expect(s.confidenceScore).toBeCloseTo(0.3 * 0.75 + 0.4 * 0.7 + 0.15 * 0.8 + 0.15 * 0.65 + 0.2 * 0.6, 12);
    expect(s.recommendation).toBe('strong_yes');
  });

  it('uses a heuristic the caller passes, and detects risks from anti-patterns and risky wording', async () => {
    const { alma, storage } = makeAlma();
    const ap = antiPattern({ agent: 'victor', pattern: 'sleep before asserting', whyBad: 'flaky timing' });
    await storage.saveMemory('anti_pattern', ap);
    const given = heuristic({ strategy: 'sleep before asserting in production', occurrenceCount: 2, successCount: 1 });
    const s = await alma.confidence.assessStrategy('sleep before asserting in production', '', 'helena', { heuristic: given });
    expect(s).toMatchObject({ heuristicId: given.id, occurrenceCount: 2, historicalSuccessRate: 0.5, contextSimilarity: 0.5 });
    expect(s.riskSignals.map((r) => `${r.signalType}:${r.severity}`)).toEqual(['similar_to_failure:0.7', 'risky_pattern:0.6', 'risky_pattern:0.7']);
    expect(s.riskSignals[0]).toMatchObject({ source: `anti_pattern:${ap.id}`, description: 'Similar to known anti-pattern: flaky timing' });
    expect(s.totalRiskScore).toBe(0.7);
    expect(s.recommendation).toBe('caution');
    expect(s.reasoning).toMatch(/Limited historical data \(2 uses\).*WARNING: 3/);
    const bulk = await alma.confidence.assessStrategy('delete all records in every complete table', 'cleanup', 'helena');
    expect(bulk.riskSignals.map((r) => r.signalType)).toEqual(['high_complexity', 'risky_pattern']);
    expect(bulk.recommendation).toBe('avoid');
    const good = await alma.confidence.assessStrategy('test first, validate in small steps, incremental', 'x', 'helena');
    expect(good.opportunitySignals.map((o) => o.strength)).toEqual([0.5, 0.6, 0.5, 0.4]);
    expect(good.totalOpportunityScore).toBe(0.6);
  });

  it('only sees the caller tenant', async () => {
    const { alma, storage } = makeAlma();
    await storage.saveMemory('heuristic', heuristic({ tenantId: 't1', occurrenceCount: 10, successCount: 10 }));
    const other = await alma.confidence.assessStrategy('fill every field then submit', 'form', 'helena', { context: { tenantId: 't2' } });
    expect(other.occurrenceCount).toBe(0);
    const own = await alma.confidence.assessStrategy('fill every field then submit', 'form', 'helena', { context: { tenantId: 't1' } });
    expect(own.occurrenceCount).toBe(10);
  });

  it('rejects bad input naming the field', async () => {
    const { alma } = makeAlma();
    await expect(alma.confidence.assessStrategy('  ', 'c', 'helena')).rejects.toThrow(/strategy/);
    await expect(alma.confidence.assessStrategy('s', 'c', '')).rejects.toThrow(/agent/);
    await expect(alma.confidence.assessStrategy('s', 5 as never, 'a')).rejects.toThrow(/context/);
    await expect(alma.confidence.assessStrategy('s', 'c', 'a', { heuristic: { id: 'x' } as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(alma.confidence.rankStrategies([], 'c', 'a')).rejects.toThrow(/at least one/);
  });
});

describe('ConfidenceEngine.rankStrategies', () => {
  it('orders strategies by confidence, highest first', async () => {
    const { alma, storage } = makeAlma();
    await storage.saveMemory('heuristic', heuristic({ occurrenceCount: 10, successCount: 10 }));
    const ranked = await alma.confidence.rankStrategies(['force push to production', 'click around', 'fill every field then submit'], 'forms', 'helena');
    expect(ranked.map((r) => r.strategy)).toEqual(['fill every field then submit', 'click around', 'force push to production']);
    expect(ranked[0]?.signal.confidenceScore).toBeGreaterThan(ranked[1]?.signal.confidenceScore ?? 1);
  });
});

describe('strategiesMatch', () => {
  it('matches equal, contained, or ≥ 50% Jaccard word overlap', () => {
    expect(strategiesMatch('Retry With Backoff', 'retry with backoff')).toBe(true);
    expect(strategiesMatch('retry', 'retry with backoff')).toBe(true);
    expect(strategiesMatch('retry the call with backoff', 'retry with exponential backoff')).toBe(true);
    expect(strategiesMatch('poll the api', 'retry with backoff')).toBe(false);
    expect(strategiesMatch('', 'x')).toBe(false);
  });
});
