import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@alma/types';
import {
  DEFAULT_SCORING_WEIGHTS,
  clampSimilarity,
  normalizeWeights,
  recencyScore,
  scoreMemory,
  scoreWorkflowOutcome,
  type ScoreContext,
} from './scoring.js';
import { NOW, antiPattern, daysAgo, heuristic, knowledge, outcome, preference, workflowOutcome } from './test-support/records.js';

const ctx: ScoreContext = { weights: DEFAULT_SCORING_WEIGHTS, now: NOW, halfLifeDays: 30 };

describe('normalizeWeights', () => {
  it('defaults to ALMA .4/.3/.2/.1 and fills missing weights with the defaults', () => {
    expect(normalizeWeights()).toEqual({ similarity: 0.4, recency: 0.3, successRate: 0.2, confidence: 0.1 });
    expect(normalizeWeights({ similarity: 0.4, recency: undefined })).toEqual(DEFAULT_SCORING_WEIGHTS);
  });

  it('rescales weights that do not sum to 1, keeps those within 0.99..1.01', () => {
    const w = normalizeWeights({ similarity: 1, recency: 1, successRate: 1, confidence: 1 });
    expect(w).toEqual({ similarity: 0.25, recency: 0.25, successRate: 0.25, confidence: 0.25 });
    expect(normalizeWeights({ similarity: 0.405 }).similarity).toBe(0.405);
  });

  it('rejects negative, non-finite and all-zero weights', () => {
    expect(() => normalizeWeights({ recency: -0.1 })).toThrow(ConfigError);
    expect(() => normalizeWeights({ recency: Number.NaN })).toThrow(/weights.recency/);
    expect(() => normalizeWeights({ similarity: 0, recency: 0, successRate: 0, confidence: 0 })).toThrow(/all be 0/);
  });
});

describe('recencyScore', () => {
  it('halves every half-life and treats the future as now', () => {
    expect(recencyScore(NOW, NOW)).toBe(1);
    expect(recencyScore(daysAgo(30), NOW)).toBeCloseTo(0.5);
    expect(recencyScore(daysAgo(60), NOW)).toBeCloseTo(0.25);
    expect(recencyScore(daysAgo(7), NOW, 7)).toBeCloseTo(0.5);
    expect(recencyScore(daysAgo(-5), NOW)).toBe(1);
  });
});

describe('scoreMemory per type (SPEC §4 table)', () => {
  it('clamps similarity to 0..1', () => {
    expect(clampSimilarity(-0.3)).toBe(0);
    expect(clampSimilarity(1.2)).toBe(1);
    expect(clampSimilarity(undefined)).toBe(0);
    expect(clampSimilarity(Number.NaN)).toBe(0);
  });

  it('heuristic: recency from lastValidated, success rate, confidence', () => {
    const h = heuristic({ id: 'h', lastValidated: daysAgo(30), occurrenceCount: 4, successCount: 1, confidence: 0.6 });
    const s = scoreMemory('heuristic', h, 0.5, ctx);
    expect(s).toMatchObject({ similarity: 0.5, successRate: 0.25, confidence: 0.6 });
    expect(s.recency).toBeCloseTo(0.5);
    expect(s.score).toBeCloseTo(0.4 * 0.5 + 0.3 * 0.5 + 0.2 * 0.25 + 0.1 * 0.6);
    expect(scoreMemory('heuristic', heuristic({ id: 'z', occurrenceCount: 0, successCount: 0 }), 1, ctx).successRate).toBe(0);
  });

  it('outcome: success 1 or 0.3, confidence 1', () => {
    expect(scoreMemory('outcome', outcome({ id: 'o', success: true }), 0, ctx)).toMatchObject({ successRate: 1, confidence: 1 });
    const failed = scoreMemory('outcome', outcome({ id: 'o', success: false, timestamp: daysAgo(30) }), 0, ctx);
    expect(failed.successRate).toBe(0.3);
    expect(failed.score).toBeCloseTo(0.3 * 0.5 + 0.2 * 0.3 + 0.1);
  });

  it('domain knowledge: success 1, its confidence; anti-pattern: occurrences / 10 capped at 1', () => {
    expect(scoreMemory('domain_knowledge', knowledge({ id: 'k', confidence: 0.8 }), 1, ctx)).toMatchObject({
      successRate: 1,
      confidence: 0.8,
    });
    expect(scoreMemory('anti_pattern', antiPattern({ id: 'a', occurrenceCount: 4 }), 1, ctx).successRate).toBeCloseTo(0.4);
    expect(scoreMemory('anti_pattern', antiPattern({ id: 'a', occurrenceCount: 40 }), 1, ctx).successRate).toBe(1);
  });

  it('user preference: success 1, its confidence, recency from timestamp', () => {
    const s = scoreMemory('user_preference', preference({ id: 'p', confidence: 0.7, timestamp: daysAgo(60) }), 0, ctx);
    expect(s).toMatchObject({ successRate: 1, confidence: 0.7 });
    expect(s.recency).toBeCloseTo(0.25);
  });

  it('workflow outcome: success 1, partial .5, cancelled .3, failure and timeout .2', () => {
    const score = (result: 'success' | 'partial' | 'cancelled' | 'failure' | 'timeout') =>
      scoreWorkflowOutcome(workflowOutcome({ id: 'w', result }), 1, ctx).successRate;
    expect(['success', 'partial', 'cancelled', 'failure', 'timeout'].map((r) => score(r as 'success'))).toEqual([
      1, 0.5, 0.3, 0.2, 0.2,
    ]);
    expect(scoreWorkflowOutcome(workflowOutcome({ id: 'w' }), 1, ctx).score).toBeCloseTo(1);
  });
});
