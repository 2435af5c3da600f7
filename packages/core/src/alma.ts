import { CheckpointManager, type CheckpointOptions, type CheckpointResult, type MergeOptions, type ResumePoint } from '@alma/checkpoint';
import { HashingEmbedder, RetrievalEngine, type EmbeddingProvider, type RetrieveInput } from '@alma/retrieval';
import type { ReducerConfig } from '@alma/reducers';
import {
  totalItems,
  memorySliceToPrompt,
  memoryScopeSchema,
  newId,
  parseInput,
  tenantScope,
  WorkflowContext,
  type ArtifactRef,
  type DomainKnowledge,
  type MemoryScope,
  type MemorySlice,
  type ScopeFilter,
  type StorageBackend,
  type StorageStats,
  type UserPreference,
  type WorkflowContextInit,
} from '@alma/types';
import {
  forgetInputSchema, knowledgeInputSchema, learnInputSchema, preferenceInputSchema,
  type ForgetInput, type KnowledgeInput, type LearnInput, type LinkArtifactInput, type PreferenceInput,
} from './inputs.js';
import { ConfidenceEngine } from './confidence/engine.js';
import { AutoLearner } from './extraction/auto-learner.js';
import { ForgettingEngine } from './forgetting/engine.js';
import { GraphMemory } from './graph/graph-memory.js';
import { assertMayLearn } from './learning/domain-scope.js';
import { LearningProtocol, contextFields, optionalEmbedding, type LearningDeps } from './learning/protocol.js';
import type { LearnResult } from './learning/types.js';
import type { ModuleHost } from './module-host.js';
import { resolveAlmaOptions, type AlmaOptions, type ResolvedAlmaOptions } from './options.js';
import { instrumentStore } from './telemetry/instrument-store.js';
import { Telemetry } from './telemetry/telemetry.js';
import { ProgressTracker } from './progress/tracker.js';
import { SessionManager } from './session/manager.js';
import { linkArtifact } from './workflow/artifacts.js';
import { learnFromWorkflow, type WorkflowLearnInput, type WorkflowLearnResult } from './workflow/learn-from-workflow.js';

export type ContextInput = WorkflowContext | WorkflowContextInit | undefined;
export type RetrieveArgs = Omit<RetrieveInput, 'projectId'>;

export interface ForgetResult {
  readonly outcomes: number;
  readonly heuristics: number;
  readonly total: number;
}

/**
 * The one object users hold: memory (retrieve, learn, preferences, knowledge, forget, stats) and the workflow layer
 * (checkpoints, crash resume, branch merge, learning from finished runs, artifact links) over any StorageBackend.
 */
export class ALMA {
  readonly storage: StorageBackend;
  readonly projectId: string;
  readonly embedder: EmbeddingProvider;
  readonly scopes: Readonly<Record<string, MemoryScope>>;
  readonly retrieval: RetrievalEngine;
  readonly checkpoints: CheckpointManager;
  readonly learning: LearningProtocol;
  /** Prune policy, confidence decay, memory health. */
  readonly forgetting: ForgettingEngine;
  /** Forward-looking confidence of a strategy; ranking strategies. */
  readonly confidence: ConfidenceEngine;
  /** Session start / handoff / quick reload. */
  readonly sessions: SessionManager;
  /** Work items, dependencies, next item, summaries. */
  readonly progress: ProgressTracker;
  /** Fact extraction from conversations and auto-learning. */
  readonly extraction: AutoLearner;
  /** Entities and time-bounded relationships. */
  readonly graph: GraphMemory;
  /** OpenTelemetry spans / metrics and the logger (no-op without `@opentelemetry/api`). */
  readonly telemetry: Telemetry;
  private readonly options: ResolvedAlmaOptions;
  private readonly deps: LearningDeps;

  constructor(options: AlmaOptions) {
    const o = resolveAlmaOptions(options);
    this.options = o;
    this.telemetry = new Telemetry(o.telemetry, o.logger);
    // Every store call of every module goes through the traced store; with telemetry off it is the store itself.
    this.storage = o.telemetry === false && !o.logger ? o.storage : instrumentStore(o.storage, this.telemetry);
    this.projectId = o.projectId;
    this.embedder = o.embedder ?? new HashingEmbedder();
    this.scopes = Object.freeze(
      Object.fromEntries(Object.entries(o.agents).map(([agentName, s]) => [agentName, memoryScopeSchema.parse({ ...s, agentName })])),
    );
    const now = o.now ?? (() => new Date());
    this.retrieval = new RetrievalEngine({
      storage: this.storage,
      embedder: this.embedder,
      scopes: this.scopes,
      now,
      ...(o.retrieval.weights ? { weights: o.retrieval.weights } : {}),
      ...(o.retrieval.minScore !== undefined ? { minScore: o.retrieval.minScore } : {}),
      ...(o.retrieval.recencyHalfLifeDays !== undefined ? { recencyHalfLifeDays: o.retrieval.recencyHalfLifeDays } : {}),
      cache: o.retrieval.cacheTtlSeconds > 0 ? { ttlMs: Math.round(o.retrieval.cacheTtlSeconds * 1000) } : false,
    });
    this.checkpoints = new CheckpointManager(this.storage, { ...o.checkpoints, requireTenant: o.requireTenant });
    this.deps = {
      storage: this.storage,
      scopes: this.scopes,
      embedder: this.embedder,
      now,
      settings: {
        antiPatternWriteGuard: o.learning.antiPatternWriteGuard,
        strategySimilarityThreshold: o.learning.strategySimilarityThreshold,
        limits: o.memory,
      },
    };
    this.learning = new LearningProtocol(this.deps);
    const host: ModuleHost = {
      storage: this.storage, projectId: this.projectId, now,
      context: (c, op) => this.context(c, op),
      invalidate: (agent, c) => this.invalidate(agent, c),
      retrieve: (task, agent, c, topK) => this.retrieve({ task, agent, context: c, topK }),
    };
    const m = o.memory;
    const memoryPolicy = {
      outcomeMaxAgeDays: m.pruneOutcomesOlderThanDays, heuristicMinConfidence: m.pruneHeuristicsBelowConfidence,
      maxHeuristicsPerAgent: m.maxHeuristicsPerAgent, maxOutcomesPerAgent: m.maxOutcomesPerAgent, maxAntiPatternsPerAgent: m.maxAntiPatternsPerAgent,
    };
    this.forgetting = new ForgettingEngine(host, { ...options.forgetting, policy: { ...memoryPolicy, ...options.forgetting?.policy } });
    this.confidence = new ConfidenceEngine(host, options.confidence);
    this.progress = new ProgressTracker(host);
    this.sessions = new SessionManager(host, this.progress, options.sessions);
    this.extraction = new AutoLearner(this, host, options.extraction);
    this.graph = new GraphMemory(host);
  }

  /**
   * Builds ALMA from a YAML file like `.alma/config.yaml` (validated; `${ENV}` expanded; the storage adapter package
   * it names is loaded, so only that one needs to be installed).
   */
  static async fromConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ALMA> {
    const { almaFromConfigFile } = await import('./from-config.js');
    return almaFromConfigFile(path, env);
  }

  /** Validates a call's context: hierarchy rules, and a tenant when `requireTenant` is on. */
  context(ctx: ContextInput, operation: string): WorkflowContext {
    return WorkflowContext.from(ctx).validate({ requireTenant: this.options.requireTenant, operation });
  }

  private invalidate(agent: string | undefined, ctx: WorkflowContext): void {
    this.retrieval.invalidate({ projectId: this.projectId, ...(agent ? { agent } : {}), scopeFilter: tenantScope({ tenantId: ctx.tenantId }) });
  }

  // --- memory ----------------------------------------------------------------------------------

  /** `retrieve({ task, agent, context?, scope?, ... })`, or ALMA's older `retrieve(task, agent, { userId, topK })`. */
  async retrieve(input: RetrieveArgs): Promise<MemorySlice>;
  async retrieve(task: string, agent: string, options?: { userId?: string; topK?: number }): Promise<MemorySlice>;
  async retrieve(a: RetrieveArgs | string, agent?: string, rest: { userId?: string; topK?: number } = {}): Promise<MemorySlice> {
    const args: RetrieveArgs = typeof a === 'string' ? { task: a, agent: agent as string, ...rest } : a;
    const ctx = args.admin ? undefined : this.context(args.context, 'retrieve');
    return this.telemetry.span(
      'alma.retrieve',
      {
        'alma.tenant': ctx?.tenantId ?? (args.admin ? '*' : undefined),
        'alma.agent': args.agent,
        'alma.project': this.projectId,
        'alma.scope': args.scope,
        'alma.task': this.telemetry.includeText ? args.task : undefined,
      },
      () => this.retrieval.retrieve({ topK: this.options.retrieval.defaultTopK, ...args, projectId: this.projectId }),
      (slice) => ({
        attributes: {
          'alma.cache.hit': slice.metadata['cache'] === 'hit',
          'alma.retrieve.items': totalItems(slice),
          'alma.retrieve.heuristics': slice.heuristics.length,
          'alma.retrieve.outcomes': slice.outcomes.length,
          'alma.retrieve.anti_patterns': slice.antiPatterns.length,
          'alma.retrieve.preferences': slice.preferences.length,
          'alma.retrieve.domain_knowledge': slice.domainKnowledge.length,
          'alma.retrieve.workflow_outcomes': slice.workflowOutcomes.length,
        },
        log: { level: 'debug', message: 'alma retrieve', fields: { ms: slice.retrievalTimeMs } },
      }),
    );
  }

  /** A slice as prompt text within the configured token budget. */
  toPrompt(slice: MemorySlice, maxTokens = this.options.retrieval.maxContextTokens): string {
    return memorySliceToPrompt(slice, { maxTokens });
  }

  /** Records an outcome and lets repeated patterns form heuristics / anti-patterns. Says what it wrote. */
  async learn(input: LearnInput): Promise<LearnResult> {
    const i = parseInput(learnInputSchema, input, 'learn input');
    const ctx = this.context(i.context, 'learn');
    const success = i.outcome === true || i.outcome === 'success';
    const attributes = {
      'alma.tenant': ctx.tenantId,
      'alma.agent': i.agent,
      'alma.project': this.projectId,
      'alma.workflow': ctx.workflowId,
      'alma.run': ctx.runId,
      'alma.learn.success': success,
      'alma.strategy': this.telemetry.includeText ? i.strategyUsed : undefined,
    };
    return this.telemetry.span('alma.learn', attributes, () => this.learnIn(i, ctx, success), (r) => ({
      attributes: {
        'alma.learn.heuristic': r.heuristic?.action,
        'alma.learn.anti_pattern': r.antiPattern?.action,
        'alma.learn.pruned': r.pruned,
      },
      log: { level: 'info', message: 'alma learn', fields: { outcomeId: r.outcome.id, heuristicId: r.heuristic?.heuristic.id, antiPatternId: r.antiPattern?.antiPattern.id } },
    }));
  }

  private async learnIn(i: ReturnType<typeof learnInputSchema.parse>, ctx: WorkflowContext, success: boolean): Promise<LearnResult> {
    const result = await this.learning.learn({
      agent: i.agent,
      projectId: this.projectId,
      task: i.task,
      success,
      strategyUsed: i.strategyUsed,
      context: ctx,
      ...(i.taskType !== undefined ? { taskType: i.taskType } : {}),
      ...(i.durationMs !== undefined ? { durationMs: i.durationMs } : {}),
      ...(i.errorMessage !== undefined ? { errorMessage: i.errorMessage } : {}),
      ...(i.feedback !== undefined ? { feedback: i.feedback } : {}),
      ...(i.metadata !== undefined ? { metadata: i.metadata } : {}),
    });
    this.invalidate(i.agent, ctx);
    return result;
  }

  /** Saves a user preference; the same preference text for the same user and category is not stored twice. */
  async addUserPreference(input: PreferenceInput): Promise<UserPreference> {
    const i = parseInput(preferenceInputSchema, input, 'preference input');
    const ctx = this.context(i.context, 'addUserPreference');
    const scope = tenantScope({ tenantId: ctx.tenantId });
    const existing = (
      await this.storage.queryMemories('user_preference', {
        scope, projectId: this.projectId, userId: i.userId, category: i.category, topK: 1000,
      })
    ).find((p) => p.record.preference.trim().toLowerCase() === i.preference.toLowerCase())?.record;
    if (existing) return existing;
    const preference: UserPreference = {
      id: newId('pref'),
      projectId: this.projectId,
      ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}),
      userId: i.userId,
      category: i.category,
      preference: i.preference,
      source: i.source,
      confidence: i.source === 'explicit_instruction' ? 1 : 0.7,
      timestamp: this.deps.now(),
      metadata: i.metadata ?? {},
    };
    await this.storage.saveMemory('user_preference', preference);
    this.invalidate(undefined, ctx);
    return preference;
  }

  /** Saves a fact in the agent's domain (its scope must allow the domain); a repeated fact is re-verified, not duplicated. */
  async addDomainKnowledge(input: KnowledgeInput): Promise<DomainKnowledge> {
    const i = parseInput(knowledgeInputSchema, input, 'domain knowledge input');
    const ctx = this.context(i.context, 'addDomainKnowledge');
    assertMayLearn(this.scopes, i.agent, i.domain);
    const scope = tenantScope({ tenantId: ctx.tenantId });
    const now = this.deps.now();
    const same = (
      await this.storage.queryMemories('domain_knowledge', {
        scope, projectId: this.projectId, agents: [i.agent], domain: i.domain, topK: 1000,
      })
    ).find((k) => k.record.fact.trim().toLowerCase() === i.fact.toLowerCase())?.record;
    if (same) {
      await this.storage.updateMemory('domain_knowledge', same.id, { lastVerified: now }, scope);
      this.invalidate(i.agent, ctx);
      return { ...same, lastVerified: now };
    }
    const knowledge: DomainKnowledge = {
      id: newId('dk'),
      agent: i.agent,
      projectId: this.projectId,
      ...contextFields(ctx),
      domain: i.domain,
      fact: i.fact,
      source: i.source,
      confidence: i.source === 'user_stated' ? 1 : 0.8,
      lastVerified: now,
      ...optionalEmbedding(await this.learning.embed(i.fact)),
      metadata: i.metadata ?? {},
    };
    await this.storage.saveMemory('domain_knowledge', knowledge);
    this.invalidate(i.agent, ctx);
    return knowledge;
  }

  /** Deletes outcomes older than N days and heuristics below a confidence (defaults from `memory:` config). */
  async forget(input: ForgetInput = {}): Promise<ForgetResult> {
    const i = parseInput(forgetInputSchema, input, 'forget input');
    const ctx = this.context(i.context, 'forget');
    const days = i.olderThanDays ?? this.options.memory.pruneOutcomesOlderThanDays;
    const scope = tenantScope({ tenantId: ctx.tenantId });
    const base = { scope, projectId: this.projectId, ...(i.agent ? { agent: i.agent } : {}) };
    const outcomes = await this.storage.deleteMemories('outcome', {
      ...base, olderThan: new Date(this.deps.now().getTime() - days * 86_400_000),
    });
    const heuristics = await this.storage.deleteMemories('heuristic', {
      ...base, belowConfidence: i.belowConfidence ?? this.options.memory.pruneHeuristicsBelowConfidence,
    });
    if (outcomes + heuristics > 0) this.invalidate(i.agent, ctx);
    return { outcomes, heuristics, total: outcomes + heuristics };
  }

  async getStats(input: { agent?: string; context?: ContextInput } = {}): Promise<StorageStats> {
    const ctx = this.context(input.context, 'getStats');
    return this.storage.getStats({
      scope: tenantScope({ tenantId: ctx.tenantId }), projectId: this.projectId, ...(input.agent ? { agent: input.agent } : {}),
    });
  }

  // --- workflow layer --------------------------------------------------------------------------

  checkpoint<S extends object = Record<string, unknown>>(
    ctx: ContextInput, nodeId: string, state: S, options?: CheckpointOptions,
  ): Promise<CheckpointResult<S>> {
    const context = this.context(ctx, 'checkpoint');
    return this.telemetry.span(
      'alma.checkpoint',
      { ...this.runAttributes(context), 'alma.node': nodeId },
      () => this.checkpoints.checkpoint(context, nodeId, state, options),
      (r) => this.checkpointFinish('alma checkpoint', context, r),
    );
  }

  private runAttributes(ctx: WorkflowContext): Record<string, string | undefined> {
    return { 'alma.tenant': ctx.tenantId, 'alma.workflow': ctx.workflowId, 'alma.run': ctx.runId, 'alma.branch': ctx.branchId, 'alma.store': this.storage.capabilities.name };
  }

  private checkpointFinish(message: string, ctx: WorkflowContext, r: CheckpointResult<object>) {
    const attributes = { 'alma.checkpoint.skipped': r.skipped, 'alma.checkpoint.seq': r.checkpoint.seq, 'alma.checkpoint.bytes': r.checkpoint.stateSizeBytes };
    if (!r.skipped) this.telemetry.recordCheckpointSize(r.checkpoint.stateSizeBytes, { 'alma.store': this.storage.capabilities.name });
    return { attributes, log: { level: 'debug' as const, message, fields: { runId: ctx.runId, checkpointId: r.checkpoint.id } } };
  }

  /** The last committed checkpoint of a run (and the latest per branch); undefined for an unknown run. */
  getResumePoint<S = Record<string, unknown>>(runId: string, ctx?: ContextInput): Promise<ResumePoint<S> | undefined> {
    return this.checkpoints.getResumePoint<S>(runId, this.context(ctx, 'getResumePoint'));
  }

  /** Merges parallel branch states through reducers and checkpoints the result at the join. */
  mergeStates(
    ctx: ContextInput,
    branchStates: Parameters<CheckpointManager['mergeStates']>[1],
    reducerConfig?: ReducerConfig,
    options?: MergeOptions,
  ): ReturnType<CheckpointManager['mergeStates']> {
    const context = this.context(ctx, 'mergeStates');
    return this.telemetry.span(
      'alma.merge',
      { ...this.runAttributes(context), 'alma.merge.branches': branchStates.length, 'alma.node': options?.nodeId ?? 'join' },
      () => this.checkpoints.mergeStates(context, branchStates, reducerConfig, options),
      (r) => this.checkpointFinish('alma merge', context, r),
    );
  }

  /** Learns from a finished run; by default also deletes the run's checkpoints. */
  async learnFromWorkflow(
    ctx: ContextInput,
    outcome: WorkflowLearnInput,
    options: { cleanupCheckpoints?: boolean } = {},
  ): Promise<WorkflowLearnResult & { checkpointsDeleted: number }> {
    const context = this.context(ctx, 'learnFromWorkflow');
    const result = await learnFromWorkflow(this.deps, this.learning, this.projectId, context, outcome);
    let checkpointsDeleted = 0;
    if (options.cleanupCheckpoints ?? true) {
      checkpointsDeleted = (await this.checkpoints.cleanup(context.runId as string, context)).deleted;
    }
    this.invalidate(result.workflowOutcome.agent, context);
    return { ...result, checkpointsDeleted };
  }

  cleanupCheckpoints(runId: string, options: { keepLatest?: number } = {}, ctx?: ContextInput): Promise<number> {
    return this.checkpoints
      .cleanup(runId, this.context(ctx, 'cleanupCheckpoints'), { keepLast: options.keepLatest ?? 1 })
      .then((r) => r.deleted);
  }

  /** Links an externally stored artifact to an existing memory or workflow outcome. */
  async linkArtifact(input: LinkArtifactInput): Promise<ArtifactRef> {
    const ctx = this.context(input.context, 'linkArtifact');
    return linkArtifact(this.storage, this.deps.now(), input, tenantScope({ tenantId: ctx.tenantId }));
  }

  getArtifacts(memoryId: string, ctx?: ContextInput): Promise<ArtifactRef[]> {
    const context = this.context(ctx, 'getArtifacts');
    return this.storage.getArtifactLinks(memoryId, tenantScope({ tenantId: context.tenantId }));
  }

  /** The tenant part of a context, for direct storage calls. */
  scopeOf(ctx?: ContextInput): ScopeFilter {
    return tenantScope({ tenantId: this.context(ctx, 'scopeOf').tenantId });
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
