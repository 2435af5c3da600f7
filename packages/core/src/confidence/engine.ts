import { heuristicSchema, parseInput, totalItems, type Heuristic, type Outcome, type WorkflowContext } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';
import { DAY_MS, scopeOfContext, type ModuleContextInput, type ModuleHost } from '../module-host.js';
import { detectOpportunities, detectRisks, strategiesMatch } from './detect.js';
import {
  computeConfidenceScore,
  computeUncertainty,
  predictSuccess,
  recommend,
  type ConfidenceSignal,
} from './signals.js';

export interface ConfidenceEngineOptions {
  /** Uses before a heuristic counts as proven / history as solid. @default 3 */
  minOccurrencesForConfidence?: number;
  /** Successful outcomes newer than this count as recent successes. @default 30 */
  recentDays?: number;
}

const text = z.string().trim().min(1, 'must not be empty').max(10_000);
const assessSchema = z
  .object({
    strategy: text,
    context: z.string().max(10_000),
    agent: z.string().trim().min(1, 'must not be empty').max(256),
    heuristic: heuristicSchema.optional(),
    ctx: contextSchema.optional(),
  })
  .strict();

/** Per-call options of assessStrategy / rankStrategies. */
export interface AssessOptions {
  /** The heuristic this strategy comes from, when the caller has it (else the best matching one is looked up). */
  heuristic?: Heuristic;
  context?: ModuleContextInput;
}

/**
 * Forward-looking confidence (ALMA's ConfidenceEngine): combines the strategy's history (its heuristic, or its
 * outcomes), how similar the task is to what memory holds, risks (known anti-patterns, complexity, risky operations)
 * and opportunities (proven heuristics, recent successes, best practices) into a score and a recommendation.
 */
export class ConfidenceEngine {
  readonly minOccurrences: number;
  readonly recentDays: number;

  constructor(
    private readonly host: ModuleHost,
    options: ConfidenceEngineOptions = {},
  ) {
    this.minOccurrences = options.minOccurrencesForConfidence ?? 3;
    this.recentDays = options.recentDays ?? 30;
  }

  async assessStrategy(strategy: string, context: string, agent: string, options: AssessOptions = {}): Promise<ConfidenceSignal> {
    const i = parseInput(assessSchema, { strategy, context, agent, heuristic: options.heuristic, ctx: options.context }, 'assessStrategy input');
    const ctx = this.host.context(i.ctx, 'assessStrategy');
    return this.assess(i.strategy, i.context, i.agent, ctx, i.heuristic);
  }

  /** Assesses each strategy; highest confidence first (ties keep the given order). */
  async rankStrategies(
    strategies: readonly string[],
    context: string,
    agent: string,
    options: Omit<AssessOptions, 'heuristic'> = {},
  ): Promise<Array<{ strategy: string; signal: ConfidenceSignal }>> {
    parseInput(z.array(text).min(1, 'needs at least one strategy').max(100), strategies, 'strategies');
    const out: Array<{ strategy: string; signal: ConfidenceSignal }> = [];
    for (const strategy of strategies) {
      out.push({ strategy, signal: await this.assessStrategy(strategy, context, agent, options) });
    }
    return out.sort((a, b) => b.signal.confidenceScore - a.signal.confidenceScore);
  }

  private async assess(strategy: string, context: string, agent: string, ctx: WorkflowContext, given?: Heuristic): Promise<ConfidenceSignal> {
    const { storage, projectId } = this.host;
    const scope = scopeOfContext(ctx);
    const base = { scope, projectId, topK: 500 };
    const heuristics = (await storage.queryMemories('heuristic', { ...base, agents: [agent] })).map((s) => s.record);
    const outcomes = (await storage.queryMemories('outcome', { ...base, agents: [agent] })).map((s) => s.record);
    const antiPatterns = (await storage.queryMemories('anti_pattern', base)).map((s) => s.record);

    const matchingHeuristics = heuristics
      .filter((h) => strategiesMatch(strategy, h.strategy))
      .sort((a, b) => b.occurrenceCount - a.occurrenceCount);
    const matchingOutcomes = outcomes.filter((o) => strategiesMatch(strategy, o.strategyUsed));
    const heuristic = given ?? matchingHeuristics[0];
    const { occurrenceCount, historicalRate } = history(heuristic, matchingOutcomes);

    const contextSimilarity = await this.contextSimilarity(strategy, context, agent, ctx);
    const predictedSuccess = predictSuccess(historicalRate, contextSimilarity);
    const uncertainty = computeUncertainty(occurrenceCount, contextSimilarity);
    const riskSignals = detectRisks(strategy, antiPatterns);
    const recentSince = this.host.now().getTime() - this.recentDays * DAY_MS;
    const opportunitySignals = detectOpportunities(strategy, {
      heuristics: given ? [given, ...matchingHeuristics.filter((h) => h.id !== given.id)] : matchingHeuristics,
      recentSuccesses: matchingOutcomes.filter((o) => o.success && o.timestamp.getTime() >= recentSince),
      minOccurrences: this.minOccurrences,
    });
    const totalRiskScore = Math.max(0, ...riskSignals.map((r) => r.severity));
    const totalOpportunityScore = Math.max(0, ...opportunitySignals.map((o) => o.strength));
    const scores = {
      historicalSuccessRate: historicalRate ?? 0,
      predictedSuccess,
      contextSimilarity,
      uncertainty,
      totalRiskScore,
      totalOpportunityScore,
    };
    const confidenceScore = computeConfidenceScore(scores);
    const signal = {
      strategy,
      context,
      agent,
      ...(heuristic ? { heuristicId: heuristic.id } : {}),
      occurrenceCount,
      ...scores,
      riskSignals,
      opportunitySignals,
      confidenceScore,
      recommendation: recommend(confidenceScore, totalRiskScore),
      assessedAt: this.host.now(),
    };
    return { ...signal, reasoning: this.reasoning(signal) };
  }

  /**
   * How close this task is to what memory holds, from a retrieval on the context: 0.8 when a retrieved outcome used
   * this strategy, 0.7 when a retrieved heuristic is this strategy, 0.5 otherwise, 0.3 when memory has nothing.
   */
  private async contextSimilarity(strategy: string, context: string, agent: string, ctx: WorkflowContext): Promise<number> {
    if (!context.trim()) return 0.5;
    const slice = await this.host.retrieve(context, agent, ctx, 5);
    if (totalItems(slice) - slice.preferences.length === 0) return 0.3;
    if (slice.outcomes.some((o) => strategiesMatch(strategy, o.strategyUsed))) return 0.8;
    if (slice.heuristics.some((h) => strategiesMatch(strategy, h.strategy))) return 0.7;
    return 0.5;
  }

  private reasoning(s: Omit<ConfidenceSignal, 'reasoning'>): string {
    const parts: string[] = [];
    const rate = `${Math.round(s.historicalSuccessRate * 100)}%`;
    if (s.occurrenceCount >= this.minOccurrences) parts.push(`Historical data shows ${rate} success rate over ${s.occurrenceCount} uses.`);
    else if (s.occurrenceCount > 0) parts.push(`Limited historical data (${s.occurrenceCount} uses) - prediction has higher uncertainty.`);
    else parts.push('No historical data for this strategy - treating as novel.');
    if (s.contextSimilarity >= 0.7) parts.push('Current context is highly similar to past applications.');
    else if (s.contextSimilarity <= 0.3) parts.push('Current context is quite different from past applications.');
    const high = s.riskSignals.filter((r) => r.severity >= 0.6).length;
    if (high > 0) parts.push(`WARNING: ${high} significant risk(s) detected.`);
    const strong = s.opportunitySignals.filter((o) => o.strength >= 0.6).length;
    if (strong > 0) parts.push(`POSITIVE: ${strong} strong opportunity signal(s) detected.`);
    return parts.join(' ');
  }
}

/** The heuristic's counts when there is one, else the matching outcomes'; rate undefined when never tried. */
function history(heuristic: Heuristic | undefined, outcomes: readonly Outcome[]): { occurrenceCount: number; historicalRate?: number } {
  if (heuristic && heuristic.occurrenceCount > 0) {
    return { occurrenceCount: heuristic.occurrenceCount, historicalRate: heuristic.successCount / heuristic.occurrenceCount };
  }
  if (outcomes.length > 0) {
    return { occurrenceCount: outcomes.length, historicalRate: outcomes.filter((o) => o.success).length / outcomes.length };
  }
  return { occurrenceCount: 0 };
}
