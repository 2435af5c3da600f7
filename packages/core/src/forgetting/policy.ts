import { z } from 'zod';
import { contextSchema } from '../inputs.js';

const days = z.number().positive();
const unit = z.number().min(0).max(1);
const quota = z.number().int().min(1);

/** What `prune` removes (ALMA's PrunePolicy; every field has ALMA's default). */
export const prunePolicySchema = z
  .object({
    /** Outcomes older than this are stale. @default 90 */
    outcomeMaxAgeDays: days.default(90),
    /** Domain knowledge not verified for this long is stale. @default 180 */
    knowledgeMaxAgeDays: days.default(180),
    /** Anti-patterns not seen for this long are stale. @default 365 */
    antiPatternMaxAgeDays: days.default(365),
    /** @default 0.3 */
    heuristicMinConfidence: unit.default(0.3),
    /** @default 0.5 */
    knowledgeMinConfidence: unit.default(0.5),
    /** Heuristics below this success rate go, once they have `minOccurrencesBeforePrune` occurrences. @default 0.4 */
    heuristicMinSuccessRate: unit.default(0.4),
    /** @default 5 */
    minOccurrencesBeforePrune: z.number().int().min(1).default(5),
    /** Per-agent quotas: the excess goes (lowest confidence heuristics, otherwise the oldest). */
    /** @default 100 */ maxHeuristicsPerAgent: quota.default(100),
    /** @default 500 */ maxOutcomesPerAgent: quota.default(500),
    /** @default 200 */ maxKnowledgePerAgent: quota.default(200),
    /** @default 50 */ maxAntiPatternsPerAgent: quota.default(50),
    /** Heuristics not validated for this long are stale. @default 60 */
    heuristicStaleDays: days.default(60),
    /** Domain knowledge not verified for this long is stale. @default 90 */
    knowledgeStaleDays: days.default(90),
  })
  .strict();
export type PrunePolicy = z.output<typeof prunePolicySchema>;
export type PrunePolicyInput = z.input<typeof prunePolicySchema>;

export const pruneOptionsSchema = z
  .object({
    /** Only this agent's memories; undefined = every agent of the project (in the tenant). */
    agent: z.string().trim().min(1).max(256).optional(),
    /** Report what would go, write nothing. @default false */
    dryRun: z.boolean().default(false),
    context: contextSchema.optional(),
  })
  .strict();
export type PruneOptions = z.input<typeof pruneOptionsSchema>;

/** Why a memory was pruned (ALMA's PruneReason values). */
export type PruneReason = 'stale' | 'low_confidence' | 'low_success' | 'superseded' | 'duplicate' | 'quota';

/** The memory types `prune` manages (user preferences are the user's, never pruned). */
export type PrunableType = 'heuristic' | 'outcome' | 'domain_knowledge' | 'anti_pattern';

export interface PrunedItem {
  readonly memoryType: PrunableType;
  readonly id: string;
  readonly agent: string;
  readonly reason: PruneReason;
  readonly details: string;
}

export interface PruneSummary {
  readonly dryRun: boolean;
  readonly outcomes: number;
  readonly heuristics: number;
  readonly domainKnowledge: number;
  readonly antiPatterns: number;
  readonly total: number;
  /** Every item pruned (or, with dryRun, that would be), with its reason. */
  readonly items: readonly PrunedItem[];
  readonly executionTimeMs: number;
}
