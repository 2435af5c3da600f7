import { describe, expect, it } from '@jest/globals';
import {
  computeConfidenceScore,
  computeUncertainty,
  confidenceSignalToPrompt,
  dataUncertainty,
  predictSuccess,
  recommend,
  type ConfidenceSignal,
} from './signals.js';

describe('confidence formulas (SPEC §5)', () => {
  it('predicted success = sim·base + (1 − sim)·0.5, base 0.5 when never tried', () => {
    expect(predictSuccess(0.8, 0.7)).toBeCloseTo(0.71, 12);
    expect(predictSuccess(undefined, 0.3)).toBeCloseTo(0.5, 12);
    expect(predictSuccess(1, 1)).toBe(1);
    // A strategy that always failed is not "unknown" (ALMA's `rate > 0` check treated it as 0.5).
    expect(predictSuccess(0, 1)).toBe(0);
  });

  it('uncertainty = min(1, (data + (1 − sim)) / 2) with data 0.1 / 0.3 / 0.5 / 0.8', () => {
    expect([10, 25, 9, 5, 4, 2, 1, 0].map(dataUncertainty)).toEqual([0.1, 0.1, 0.3, 0.3, 0.5, 0.5, 0.8, 0.8]);
    expect(computeUncertainty(10, 0.7)).toBeCloseTo(0.2, 12);
    expect(computeUncertainty(0, 0)).toBeCloseTo(0.9, 12);
    expect(computeUncertainty(3, 0.8)).toBeCloseTo(0.35, 12);
  });

  it('confidence = clamp(.3·hist + .4·pred + .15·sim + .15·(1 − unc) − .2·risk + .2·opp)', () => {
    const base = { historicalSuccessRate: 0.8, predictedSuccess: 0.71, contextSimilarity: 0.7, uncertainty: 0.2, totalRiskScore: 0, totalOpportunityScore: 0.8 };
    expect(computeConfidenceScore(base)).toBeCloseTo(0.909, 12);
    expect(computeConfidenceScore({ ...base, totalRiskScore: 0.7 })).toBeCloseTo(0.769, 12);
    expect(computeConfidenceScore({ ...base, totalOpportunityScore: 1 })).toBeCloseTo(0.949, 12);
    expect(computeConfidenceScore({ historicalSuccessRate: 1, predictedSuccess: 1, contextSimilarity: 1, uncertainty: 0, totalRiskScore: 0, totalOpportunityScore: 1 })).toBe(1);
    expect(computeConfidenceScore({ historicalSuccessRate: 0, predictedSuccess: 0, contextSimilarity: 0, uncertainty: 1, totalRiskScore: 1, totalOpportunityScore: 0 })).toBe(0);
  });

  it('recommendation: risk ≥ .8 avoid, ≥ .6 caution; else score ≥ .8 / .6 / .4 / .2', () => {
    expect(recommend(0.95, 0.8)).toBe('avoid');
    expect(recommend(0.95, 0.6)).toBe('caution');
    expect(recommend(0.8, 0.59)).toBe('strong_yes');
    expect(recommend(0.79, 0)).toBe('yes');
    expect(recommend(0.6, 0)).toBe('yes');
    expect(recommend(0.59, 0)).toBe('neutral');
    expect(recommend(0.4, 0)).toBe('neutral');
    expect(recommend(0.39, 0)).toBe('caution');
    expect(recommend(0.2, 0)).toBe('caution');
    expect(recommend(0.19, 0)).toBe('avoid');
  });

  it('renders a prompt with metrics, labelled risks and opportunities', () => {
    const signal: ConfidenceSignal = {
      strategy: 'x'.repeat(60), context: 'c', agent: 'a', historicalSuccessRate: 0.5, occurrenceCount: 4, predictedSuccess: 0.5,
      uncertainty: 0.5, contextSimilarity: 0.5, totalRiskScore: 0.7, totalOpportunityScore: 0.6, confidenceScore: 0.42,
      recommendation: 'caution', reasoning: 'Because.', assessedAt: new Date(0),
      riskSignals: [
        { signalType: 'risky_pattern', description: 'high', severity: 0.7, source: 's', relatedMemories: [] },
        { signalType: 'risky_pattern', description: 'mid', severity: 0.4, source: 's', relatedMemories: [] },
        { signalType: 'risky_pattern', description: 'low', severity: 0.1, source: 's', relatedMemories: [] },
      ],
      opportunitySignals: [
        { signalType: 'best_practice', description: 'strong', strength: 0.7, source: 's', relatedMemories: [] },
        { signalType: 'best_practice', description: 'moderate', strength: 0.4, source: 's', relatedMemories: [] },
        { signalType: 'best_practice', description: 'weak', strength: 0.1, source: 's', relatedMemories: [] },
      ],
    };
    const text = confidenceSignalToPrompt(signal);
    expect(text).toContain(`## Confidence Assessment: ${'x'.repeat(50)}...`);
    expect(text).toContain('**Recommendation: CAUTION** (score: 0.42)');
    expect(text).toContain('- Historical success: 50% (4 uses)');
    for (const line of ['- [HIGH] high', '- [MEDIUM] mid', '- [LOW] low', '- [STRONG] strong', '- [MODERATE] moderate', '- [WEAK] weak', '### Analysis\nBecause.']) {
      expect(text).toContain(line);
    }
    expect(confidenceSignalToPrompt({ ...signal, strategy: 'short', riskSignals: [], opportunitySignals: [], reasoning: '' })).not.toMatch(/Risks|Opportunities|Analysis/);
  });
});
