import {
  ConfigError,
  heuristicSuccessRate,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type MemoryRecordMap,
  type Outcome,
  type UserPreference,
  type WorkflowOutcome,
  type WorkflowResult,
} from '@alma/types';

/** Weights of ALMA's composite score. */
export interface ScoringWeights {
  readonly similarity: number;
  readonly recency: number;
  readonly successRate: number;
  readonly confidence: number;
}

/** ALMA's defaults (scoring.py). */
export const DEFAULT_SCORING_WEIGHTS: ScoringWeights = Object.freeze({
  similarity: 0.4,
  recency: 0.3,
  successRate: 0.2,
  confidence: 0.1,
});

/** Recency half-life in days: a memory this old has recency 0.5. */
export const DEFAULT_RECENCY_HALF_LIFE_DAYS = 30;

/**
 * Missing weights take the defaults; when the four do not sum to 1 (outside 0.99..1.01, as in ALMA) they are
 * rescaled to. Negative, non-finite or all-zero weights are a ConfigError.
 */
export function normalizeWeights(weights: Partial<ScoringWeights> = {}): ScoringWeights {
  const w = { ...DEFAULT_SCORING_WEIGHTS, ...stripUndefined(weights) };
  for (const [name, value] of Object.entries(w)) {
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`weights.${name} must be a finite number >= 0.`);
  }
  const sum = w.similarity + w.recency + w.successRate + w.confidence;
  if (sum === 0) throw new ConfigError('weights must not all be 0.');
  if (sum >= 0.99 && sum <= 1.01) return Object.freeze(w);
  return Object.freeze({
    similarity: w.similarity / sum,
    recency: w.recency / sum,
    successRate: w.successRate / sum,
    confidence: w.confidence / sum,
  });
}

/** 0.5^(ageDays / halfLifeDays); a time in the future counts as age 0. */
export function recencyScore(time: Date, now: Date, halfLifeDays = DEFAULT_RECENCY_HALF_LIFE_DAYS): number {
  const ageDays = Math.max(0, now.getTime() - time.getTime()) / 86_400_000;
  return 0.5 ** (ageDays / halfLifeDays);
}

/** The four inputs of the composite score, each in 0..1, and the score itself. */
export interface ScoreBreakdown {
  readonly similarity: number;
  readonly recency: number;
  readonly successRate: number;
  readonly confidence: number;
  readonly score: number;
}

export interface ScoreContext {
  readonly weights: ScoringWeights;
  readonly now: Date;
  readonly halfLifeDays: number;
}

/** similarity, clamped to 0..1 (a negative cosine is "unrelated", not "anti-related"). */
export function clampSimilarity(similarity: number | undefined): number {
  if (similarity === undefined || Number.isNaN(similarity)) return 0;
  return Math.min(1, Math.max(0, similarity));
}

function combine(
  ctx: ScoreContext,
  similarity: number,
  time: Date,
  successRate: number,
  confidence: number,
): ScoreBreakdown {
  const s = clampSimilarity(similarity);
  const recency = recencyScore(time, ctx.now, ctx.halfLifeDays);
  const { weights: w } = ctx;
  return {
    similarity: s,
    recency,
    successRate,
    confidence,
    score: w.similarity * s + w.recency * recency + w.successRate * successRate + w.confidence * confidence,
  };
}

/**
 * ALMA's per-type components:
 * - heuristic: recency from lastValidated, success = successCount / occurrenceCount, confidence = confidence;
 * - outcome: recency from timestamp, success = 1 if success else 0.3, confidence = 1;
 * - domain knowledge: recency from lastVerified, success = 1, confidence = confidence;
 * - anti-pattern: recency from lastSeen, success = min(occurrenceCount / 10, 1), confidence = 1;
 * - user preference (ours; ALMA does not score them): recency from timestamp, success = 1, confidence.
 */
export function scoreMemory<T extends keyof MemoryRecordMap>(
  type: T,
  record: MemoryRecordMap[T],
  similarity: number | undefined,
  ctx: ScoreContext,
): ScoreBreakdown {
  const sim = clampSimilarity(similarity);
  switch (type) {
    case 'heuristic': {
      const h = record as Heuristic;
      return combine(ctx, sim, h.lastValidated, heuristicSuccessRate(h), h.confidence);
    }
    case 'outcome': {
      const o = record as Outcome;
      return combine(ctx, sim, o.timestamp, o.success ? 1 : 0.3, 1);
    }
    case 'domain_knowledge': {
      const k = record as DomainKnowledge;
      return combine(ctx, sim, k.lastVerified, 1, k.confidence);
    }
    case 'anti_pattern': {
      const a = record as AntiPattern;
      return combine(ctx, sim, a.lastSeen, Math.min(a.occurrenceCount / 10, 1), 1);
    }
    default: {
      const p = record as UserPreference;
      return combine(ctx, sim, p.timestamp, 1, p.confidence);
    }
  }
}

/**
 * Success component of a workflow outcome (ours; ALMA does not score workflow outcomes): success 1, partial 0.5,
 * cancelled 0.3 (like a failed task outcome), failure and timeout 0.2 — failures still surface when they are
 * similar and recent, because the lessons in them are what the caller needs.
 */
export const WORKFLOW_RESULT_SUCCESS: Readonly<Record<WorkflowResult, number>> = {
  success: 1,
  partial: 0.5,
  cancelled: 0.3,
  failure: 0.2,
  timeout: 0.2,
};

/** Workflow outcome: recency from createdAt, success from WORKFLOW_RESULT_SUCCESS, confidence = 1. */
export function scoreWorkflowOutcome(
  outcome: WorkflowOutcome,
  similarity: number | undefined,
  ctx: ScoreContext,
): ScoreBreakdown {
  return combine(ctx, clampSimilarity(similarity), outcome.createdAt, WORKFLOW_RESULT_SUCCESS[outcome.result], 1);
}

function stripUndefined(w: Partial<ScoringWeights>): Partial<ScoringWeights> {
  return Object.fromEntries(Object.entries(w).filter(([, v]) => v !== undefined)) as Partial<ScoringWeights>;
}
