import {
  EmbeddingError,
  WorkflowContext,
  emptyMemorySlice,
  isAlmaError,
  parseInput,
  readableAgents,
  tenantScope,
  type MemoryScope,
  type MemorySlice,
  type ScopeFilter,
} from '@alma/types';
import { RetrievalCache, type CacheStats, type InvalidateTarget } from './cache.js';
import { gatherMemories, gatherWorkflowOutcomes, type GatherParams, type VectorMemoryType } from './candidates.js';
import { HashingEmbedder } from './embedding/hashing.js';
import { embedOne, type EmbeddingProvider } from './embedding/provider.js';
import {
  parseEngineOptions,
  retrieveInputSchema,
  type ParsedRetrieveInput,
  type RetrievalEngineOptions,
  type RetrieveInput,
} from './options.js';
import { sanitizeQuery } from './query.js';
import { rankMemories, rankWorkflowOutcomes, type Ranked } from './rank.js';
import { normalizeWeights, scoreMemory, type ScoreBreakdown, type ScoreContext, type ScoringWeights } from './scoring.js';
import { cacheKey, presentRecord, sliceCopy } from './slice.js';
import { contentTokens, keywordScorer, TokenMemo } from './text.js';

const SLICE_FIELDS: Readonly<Record<VectorMemoryType, 'heuristics' | 'outcomes' | 'domainKnowledge' | 'antiPatterns'>> = {
  heuristic: 'heuristics',
  outcome: 'outcomes',
  domain_knowledge: 'domainKnowledge',
  anti_pattern: 'antiPatterns',
};

/**
 * Scoped, scored memory retrieval (SPEC §4). `retrieve` embeds the task, gathers vector + keyword candidates of
 * each memory type inside the RetrievalScope / WorkflowContext filter and the agents the caller may read, scores
 * them with ALMA's formula, and returns the best `topK` of each type as a MemorySlice. Results are cached until a
 * write in their scope is reported through `invalidate`.
 */
export class RetrievalEngine {
  readonly embedder: EmbeddingProvider;
  readonly weights: ScoringWeights;
  private readonly options: ReturnType<typeof parseEngineOptions>;
  private readonly scopes: Readonly<Record<string, MemoryScope>>;
  private readonly cache: RetrievalCache | undefined;
  private readonly now: () => Date;
  private readonly tokenMemo = new TokenMemo();

  constructor(options: RetrievalEngineOptions) {
    this.options = parseEngineOptions(options);
    this.embedder = this.options.embedder ?? new HashingEmbedder();
    this.weights = normalizeWeights(this.options.weights ?? {});
    this.scopes = this.options.scopes;
    this.now = this.options.now ?? (() => new Date());
    const cache = this.options.cache;
    this.cache =
      cache === false
        ? undefined
        : new RetrievalCache({ ttlMs: cache.ttlMs, maxEntries: cache.maxEntries, clock: () => this.now().getTime() });
  }

  /**
   * A MemorySlice for `task`. Without `context`/`scope` this is AGENT scope over single-tenant data, as in ALMA.
   * Scope: NODE/RUN/WORKFLOW narrow by the context ids (and need them); AGENT and TENANT filter by the context's
   * tenant; GLOBAL reads every tenant and needs `admin: true` (ScopeViolationError otherwise). NODE..AGENT read
   * the agent's own memories plus those of agents it inherits from or that share with it (marked
   * `metadata.sharedFrom`), TENANT too (across every workflow of the tenant); only GLOBAL (admin) reads every
   * agent's, since a memory is readable by another agent only when one of the two allows it.
   */
  async retrieve(input: RetrieveInput): Promise<MemorySlice> {
    const started = performance.now();
    const req = parseInput(retrieveInputSchema, input, 'retrieve input');
    const context = WorkflowContext.from(req.context as WorkflowContext | undefined).validate({ operation: 'retrieve' });
    const filter = context.scopeFilter(req.scope, { admin: req.admin });
    // Only an admin GLOBAL read ignores sharing; every other scope honours inheritFrom / shareWith.
    const agents =
      req.scope === 'global'
        ? undefined
        : req.includeShared
          ? readableAgents(this.scopes, req.agent)
          : [req.agent];
    const key = cacheKey(req, filter);
    if (this.cache && !req.bypassCache) {
      const hit = this.cache.get(key);
      if (hit) return sliceCopy(hit, { retrievalTimeMs: elapsed(started), cache: 'hit', query: req.task });
    }
    const generation = this.cache?.generation ?? 0;
    const slice = await this.compute(req, context, filter, agents);
    slice.retrievalTimeMs = elapsed(started);
    this.cache?.set(key, slice, { projectId: req.projectId, filter, agents }, generation);
    return sliceCopy(slice, { retrievalTimeMs: slice.retrievalTimeMs, cache: 'miss', query: req.task });
  }

  /**
   * Report a write: drops every cached result whose scope could include a record written by `agent` under
   * `scopeFilter` in `projectId` (omit agent for user preferences, omit scopeFilter for "anywhere").
   * Returns how many entries were dropped.
   */
  invalidate(target: InvalidateTarget): number {
    return this.cache?.invalidate(target) ?? 0;
  }

  clearCache(): void {
    this.cache?.clear();
  }

  cacheStats(): CacheStats {
    return this.cache?.stats() ?? { hits: 0, misses: 0, size: 0, evictions: 0, invalidations: 0, expirations: 0 };
  }

  private async compute(
    req: ParsedRetrieveInput,
    context: WorkflowContext,
    filter: ScopeFilter,
    agents: string[] | undefined,
  ): Promise<MemorySlice> {
    const sanitized = sanitizeQuery(req.task);
    const embedding = await this.embedQuery(sanitized.query);
    const o = this.options;
    const params: GatherParams = {
      storage: o.storage,
      filter,
      projectId: req.projectId,
      agents,
      embedding,
      queryTokens: contentTokens(sanitized.query),
      vectorK: req.topK * o.candidateMultiplier,
      keywordScan: o.keywordScanLimit,
      keywordWeight: o.keywordWeight,
      tokenMemo: this.tokenMemo,
    };
    const ctx: ScoreContext = { weights: this.weights, now: this.now(), halfLifeDays: o.recencyHalfLifeDays };
    const types = Object.keys(SLICE_FIELDS) as VectorMemoryType[];
    const [ranked, preferences, workflow] = await Promise.all([
      Promise.all(types.map(async (t) => rankMemories(t, await gatherMemories(t, params), ctx, o.minScore, req.topK))),
      req.userId ? this.preferences(req.userId, filter, params, ctx) : Promise.resolve([]),
      req.includeWorkflowOutcomes
        ? gatherWorkflowOutcomes(params).then((c) => rankWorkflowOutcomes(c, ctx, o.minScore, req.topK))
        : Promise.resolve([]),
    ]);
    const scores: Record<string, number> = {};
    const scoreBreakdown: Record<string, ScoreBreakdown> = {};
    const present = <T extends { id: string }>(list: readonly Ranked<T>[]): T[] =>
      list.map(({ record, breakdown }) => {
        scores[record.id] = Math.round(breakdown.score * 10_000) / 10_000;
        if (req.explain) scoreBreakdown[record.id] = { ...breakdown };
        return presentRecord(record, req.agent, req.includeEmbeddings);
      });
    const slice = emptyMemorySlice({ query: req.task, agent: req.agent });
    types.forEach((t, i) => {
      (slice[SLICE_FIELDS[t]] as unknown[]) = present(ranked[i] as Ranked<{ id: string }>[]);
    });
    slice.preferences = present(preferences);
    slice.workflowOutcomes = present(workflow);
    slice.metadata = {
      scope: req.scope,
      scopeFilter: { ...filter },
      ...(req.context === undefined ? {} : { context: context.toJSON() }),
      agents: agents ?? 'all',
      ...(sanitized.method === 'passthrough' ? {} : { sanitizedQuery: sanitized.query, sanitizeMethod: sanitized.method }),
      scores,
      ...(req.explain ? { scoreBreakdown } : {}),
    };
    return slice;
  }

  /** The user's preferences in the project and tenant (whatever the retrieval scope), best first, no threshold. */
  private async preferences(userId: string, filter: ScopeFilter, params: GatherParams, ctx: ScoreContext) {
    const limit = this.options.maxPreferences;
    if (limit === 0) return [];
    const found = await params.storage.queryMemories('user_preference', {
      scope: tenantScope(filter),
      projectId: params.projectId,
      userId,
      topK: Math.max(limit, params.keywordScan),
    });
    const overlap = keywordScorer(params.queryTokens, params.tokenMemo);
    return found
      .map(({ record }) => ({
        record,
        breakdown: scoreMemory('user_preference', record, params.keywordWeight * overlap(`${record.category} ${record.preference}`), ctx),
      }))
      .sort((a, b) => b.breakdown.score - a.breakdown.score || a.record.id.localeCompare(b.record.id))
      .slice(0, limit);
  }

  private async embedQuery(task: string): Promise<Float32Array> {
    try {
      return await embedOne(this.embedder, task);
    } catch (error) {
      if (isAlmaError(error)) throw error;
      throw new EmbeddingError(`[${this.embedder.id}] failed to embed the query: ${String(error)}`, { cause: error });
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
