import type { MemoryRecordMap, WorkflowOutcome } from '@alma/types';
import type { Candidate } from './candidates.js';
import { scoreMemory, scoreWorkflowOutcome, type ScoreBreakdown, type ScoreContext } from './scoring.js';

export interface Ranked<T> {
  readonly record: T;
  readonly breakdown: ScoreBreakdown;
}

/** Highest score first; equal scores by id so results are deterministic. */
function byScore<T extends { id: string }>(a: Ranked<T>, b: Ranked<T>): number {
  return b.breakdown.score - a.breakdown.score || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0);
}

/** Scores candidates with ALMA's formula, drops those below `minScore`, keeps the best `topK`. */
export function rankMemories<T extends keyof MemoryRecordMap>(
  type: T,
  candidates: readonly Candidate<MemoryRecordMap[T]>[],
  ctx: ScoreContext,
  minScore: number,
  topK: number,
): Ranked<MemoryRecordMap[T]>[] {
  return candidates
    .map((c) => ({ record: c.record, breakdown: scoreMemory(type, c.record, c.similarity, ctx) }))
    .filter((r) => r.breakdown.score >= minScore)
    .sort(byScore)
    .slice(0, topK);
}

/** Workflow outcomes with the workflow-outcome formula (see scoreWorkflowOutcome). */
export function rankWorkflowOutcomes(
  candidates: readonly Candidate<WorkflowOutcome>[],
  ctx: ScoreContext,
  minScore: number,
  topK: number,
): Ranked<WorkflowOutcome>[] {
  return candidates
    .map((c) => ({ record: c.record, breakdown: scoreWorkflowOutcome(c.record, c.similarity, ctx) }))
    .filter((r) => r.breakdown.score >= minScore)
    .sort(byScore)
    .slice(0, topK);
}
