/** Recommendation levels of a confidence assessment. */
export type Recommendation = 'strong_yes' | 'yes' | 'neutral' | 'caution' | 'avoid';

/** A sign that a strategy may not work here; severity 0 (low) .. 1 (critical). */
export interface RiskSignal {
  readonly signalType: 'similar_to_failure' | 'high_complexity' | 'risky_pattern' | (string & {});
  readonly description: string;
  readonly severity: number;
  /** e.g. 'anti_pattern:anti_…', 'pattern_match', 'context_analysis'. */
  readonly source: string;
  readonly relatedMemories: readonly string[];
}

/** A sign that a strategy is likely to work; strength 0 (weak) .. 1 (strong). */
export interface OpportunitySignal {
  readonly signalType: 'proven_pattern' | 'recent_success' | 'best_practice' | (string & {});
  readonly description: string;
  readonly strength: number;
  readonly source: string;
  readonly relatedMemories: readonly string[];
}

/** A forward-looking assessment: "will this strategy work now?", not only "did it work before?". */
export interface ConfidenceSignal {
  readonly strategy: string;
  readonly context: string;
  readonly agent: string;
  readonly heuristicId?: string;
  readonly historicalSuccessRate: number;
  readonly occurrenceCount: number;
  readonly predictedSuccess: number;
  readonly uncertainty: number;
  readonly contextSimilarity: number;
  readonly riskSignals: readonly RiskSignal[];
  /** Max severity of the risks (0 without risks). */
  readonly totalRiskScore: number;
  readonly opportunitySignals: readonly OpportunitySignal[];
  /** Max strength of the opportunities (0 without). */
  readonly totalOpportunityScore: number;
  readonly confidenceScore: number;
  readonly recommendation: Recommendation;
  readonly reasoning: string;
  readonly assessedAt: Date;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * sim·base + (1 − sim)·0.5, where base is the historical success rate, or 0.5 for a strategy never tried
 * (`historicalRate` undefined). A strategy that always failed keeps base 0 — ALMA treated a 0 rate as unknown.
 */
export function predictSuccess(historicalRate: number | undefined, contextSimilarity: number): number {
  const base = historicalRate ?? 0.5;
  return contextSimilarity * base + (1 - contextSimilarity) * 0.5;
}

/** 0.1 with ≥ 10 uses, 0.3 with ≥ 5, 0.5 with ≥ 2, else 0.8. */
export function dataUncertainty(occurrences: number): number {
  if (occurrences >= 10) return 0.1;
  if (occurrences >= 5) return 0.3;
  if (occurrences >= 2) return 0.5;
  return 0.8;
}

/** min(1, (dataUncertainty + (1 − contextSimilarity)) / 2). */
export function computeUncertainty(occurrences: number, contextSimilarity: number): number {
  return Math.min(1, (dataUncertainty(occurrences) + (1 - contextSimilarity)) / 2);
}

/** clamp(0.3·hist + 0.4·pred + 0.15·ctxSim + 0.15·(1 − unc) − 0.2·risk + 0.2·opportunity). */
export function computeConfidenceScore(s: {
  historicalSuccessRate: number;
  predictedSuccess: number;
  contextSimilarity: number;
  uncertainty: number;
  totalRiskScore: number;
  totalOpportunityScore: number;
}): number {
  const base =
    0.3 * s.historicalSuccessRate + 0.4 * s.predictedSuccess + 0.15 * s.contextSimilarity + 0.15 * (1 - s.uncertainty);
  return clamp01(base - 0.2 * s.totalRiskScore + 0.2 * s.totalOpportunityScore);
}

/** Risk ≥ 0.8 → avoid, ≥ 0.6 → caution; else by score: ≥ .8 strong_yes, ≥ .6 yes, ≥ .4 neutral, ≥ .2 caution, avoid. */
export function recommend(confidenceScore: number, totalRiskScore: number): Recommendation {
  if (totalRiskScore >= 0.8) return 'avoid';
  if (totalRiskScore >= 0.6) return 'caution';
  if (confidenceScore >= 0.8) return 'strong_yes';
  if (confidenceScore >= 0.6) return 'yes';
  if (confidenceScore >= 0.4) return 'neutral';
  if (confidenceScore >= 0.2) return 'caution';
  return 'avoid';
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Markdown for prompt injection. */
export function confidenceSignalToPrompt(s: ConfidenceSignal): string {
  const title = s.strategy.length > 50 ? `${s.strategy.slice(0, 50)}...` : s.strategy;
  const lines = [
    `## Confidence Assessment: ${title}`,
    `**Recommendation: ${s.recommendation.toUpperCase()}** (score: ${s.confidenceScore.toFixed(2)})`,
    '',
    '### Metrics',
    `- Historical success: ${pct(s.historicalSuccessRate)} (${s.occurrenceCount} uses)`,
    `- Predicted success: ${pct(s.predictedSuccess)}`,
    `- Context similarity: ${pct(s.contextSimilarity)}`,
    `- Uncertainty: ${pct(s.uncertainty)}`,
    '',
  ];
  if (s.riskSignals.length > 0) {
    lines.push('### Risks');
    for (const r of s.riskSignals) {
      lines.push(`- [${r.severity >= 0.7 ? 'HIGH' : r.severity >= 0.4 ? 'MEDIUM' : 'LOW'}] ${r.description}`);
    }
    lines.push('');
  }
  if (s.opportunitySignals.length > 0) {
    lines.push('### Opportunities');
    for (const o of s.opportunitySignals) {
      lines.push(`- [${o.strength >= 0.7 ? 'STRONG' : o.strength >= 0.4 ? 'MODERATE' : 'WEAK'}] ${o.description}`);
    }
    lines.push('');
  }
  if (s.reasoning) lines.push('### Analysis', s.reasoning);
  return lines.join('\n');
}
