import type { AntiPattern, Heuristic, Outcome } from '@alma/types';

/** The part of an embedding provider learning needs (structurally compatible with @alma/retrieval's providers). */
export interface Embedder {
  readonly dimension: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export type WriteAction = 'created' | 'updated';

/** What a learn call did, so callers can see every write (created / updated) instead of trusting a "true". */
export interface LearnResult {
  readonly outcome: Outcome;
  readonly heuristic?: { readonly action: WriteAction; readonly heuristic: Heuristic };
  readonly antiPattern?: { readonly action: WriteAction; readonly antiPattern: AntiPattern };
  /** Memories removed to keep the agent under its configured quotas. */
  readonly pruned: number;
}

export interface LearningLimits {
  maxHeuristicsPerAgent: number;
  maxOutcomesPerAgent: number;
  maxAntiPatternsPerAgent: number;
}

export interface LearningSettings {
  antiPatternWriteGuard: boolean;
  strategySimilarityThreshold: number;
  limits: LearningLimits;
}

export const DEFAULT_LEARNING_SETTINGS: LearningSettings = {
  antiPatternWriteGuard: true,
  strategySimilarityThreshold: 0.75,
  limits: { maxHeuristicsPerAgent: 100, maxOutcomesPerAgent: 500, maxAntiPatternsPerAgent: 50 },
};
