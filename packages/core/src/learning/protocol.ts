import {
  newId,
  ScopeViolationError,
  tenantScope,
  type AntiPattern,
  type Heuristic,
  type MemoryScope,
  type Outcome,
  type ScopeFilter,
  type StorageBackend,
  type WorkflowContext,
} from '@alma/types';
import { assertMayLearn } from './domain-scope.js';
import { enforceQuota } from './quotas.js';
import { matchesAntiPattern, similarErrors, similarStrategies } from './similarity.js';
import { inferTaskType } from './task-type.js';
import type { Embedder, LearnResult, LearningSettings, WriteAction } from './types.js';

export interface LearnRequest {
  agent: string;
  projectId: string;
  task: string;
  success: boolean;
  strategyUsed: string;
  taskType?: string;
  durationMs?: number;
  errorMessage?: string;
  feedback?: string;
  context?: WorkflowContext;
  metadata?: Record<string, unknown>;
}

export interface LearningDeps {
  storage: StorageBackend;
  scopes: Readonly<Record<string, MemoryScope>>;
  embedder?: Embedder;
  settings: LearningSettings;
  now: () => Date;
}

const RECENT_OUTCOMES = 50;

/**
 * ALMA's learning protocol: record the outcome (with a write-time embedding), then let repeated similar successes
 * form — or update — a heuristic, and repeated similar failures form — or update — an anti-pattern.
 */
export class LearningProtocol {
  constructor(private readonly deps: LearningDeps) {}

  async embed(text: string): Promise<Float32Array | undefined> {
    if (!this.deps.embedder) return undefined;
    const [vector] = await this.deps.embedder.embed([text]);
    return vector;
  }

  async learn(req: LearnRequest): Promise<LearnResult> {
    const { storage, settings } = this.deps;
    const taskType = req.taskType ?? inferTaskType(req.task);
    assertMayLearn(this.deps.scopes, req.agent, taskType);
    const scope = tenantScope({ tenantId: req.context?.tenantId });
    if (settings.antiPatternWriteGuard) await this.guard(req, scope);

    const now = this.deps.now();
    const outcome: Outcome = {
      id: newId('out'),
      agent: req.agent,
      projectId: req.projectId,
      ...contextFields(req.context),
      taskType,
      taskDescription: req.task,
      success: req.success,
      strategyUsed: req.strategyUsed,
      ...(req.durationMs !== undefined ? { durationMs: req.durationMs } : {}),
      ...(req.errorMessage !== undefined ? { errorMessage: req.errorMessage } : {}),
      ...(req.feedback !== undefined ? { userFeedback: req.feedback } : {}),
      timestamp: now,
      ...optionalEmbedding(await this.embed(`${req.task} ${req.strategyUsed}`)),
      metadata: req.metadata ?? {},
    };
    await storage.saveMemory('outcome', outcome);

    const heuristic = await this.maybeFormHeuristic(req, outcome, scope);
    const antiPattern = req.success || !req.errorMessage ? undefined : await this.maybeFormAntiPattern(req, outcome, scope);
    const pruned = await this.enforceQuotas(req, scope);
    return { outcome, ...(heuristic ? { heuristic } : {}), ...(antiPattern ? { antiPattern } : {}), pruned };
  }

  /** Blocks a learn whose task/strategy/error matches a known anti-pattern of the project (Atlas G2). */
  private async guard(req: LearnRequest, scope: ScopeFilter): Promise<void> {
    const text = [req.task, req.strategyUsed, req.errorMessage ?? ''].join(' ');
    const known = await this.deps.storage.queryMemories('anti_pattern', { scope, projectId: req.projectId, topK: 200 });
    const hit = known.find(({ record }) => matchesAntiPattern(text, record.pattern));
    if (hit) {
      throw new ScopeViolationError(
        `Learn blocked by the anti-pattern write guard: it matches anti-pattern ${hit.record.id} ` +
          `("${hit.record.pattern}": ${hit.record.whyBad}). Disable with learning.anti_pattern_write_guard: false.`,
        { details: { antiPatternId: hit.record.id } },
      );
    }
  }

  private async maybeFormHeuristic(
    req: LearnRequest,
    outcome: Outcome,
    scope: ScopeFilter,
  ): Promise<{ action: WriteAction; heuristic: Heuristic } | undefined> {
    const { storage, settings } = this.deps;
    const minOccurrences = this.deps.scopes[req.agent]?.minOccurrencesForHeuristic ?? 3;
    const threshold = settings.strategySimilarityThreshold;
    const recent = await storage.queryMemories('outcome', {
      scope, projectId: req.projectId, agents: [req.agent], taskType: outcome.taskType, topK: RECENT_OUTCOMES,
    });
    const self = { text: outcome.strategyUsed, embedding: outcome.embedding };
    const similar = recent
      .map((s) => s.record)
      .filter((o) => similarStrategies(self, { text: o.strategyUsed, embedding: o.embedding }, threshold));
    if (similar.length < minOccurrences) return undefined;
    const successes = similar.filter((o) => o.success).length;
    const confidence = successes / similar.length;
    const condition = `task type: ${outcome.taskType}`;
    const existing = await this.findHeuristic(req, condition, outcome.strategyUsed, scope);
    const now = this.deps.now();
    if (existing) {
      const patch = { occurrenceCount: similar.length, successCount: successes, confidence, lastValidated: now };
      await storage.updateMemory('heuristic', existing.id, patch, scope);
      return { action: 'updated', heuristic: { ...existing, ...patch } };
    }
    if (confidence <= 0.5) return undefined;
    const heuristic: Heuristic = {
      id: newId('heur'),
      agent: req.agent,
      projectId: req.projectId,
      ...(scope.tenantId ? { tenantId: scope.tenantId } : {}),
      condition,
      strategy: outcome.strategyUsed,
      confidence,
      occurrenceCount: similar.length,
      successCount: successes,
      lastValidated: now,
      createdAt: now,
      ...optionalEmbedding(await this.embed(`${outcome.taskType} ${outcome.strategyUsed}`)),
      metadata: { formedFrom: similar.map((o) => o.id) },
    };
    await storage.saveMemory('heuristic', heuristic);
    return { action: 'created', heuristic };
  }

  /** The agent's heuristic for this condition and a similar strategy, if one exists (so we update, not duplicate). */
  async findHeuristic(
    req: Pick<LearnRequest, 'agent' | 'projectId'>,
    condition: string,
    strategy: string,
    scope: ScopeFilter,
  ): Promise<Heuristic | undefined> {
    const candidates = await this.deps.storage.queryMemories('heuristic', {
      scope, projectId: req.projectId, agents: [req.agent], topK: 500,
    });
    // Text comparison only: the stored heuristic side carries no embedding here, so embedding the strategy would be
    // an embed call per learn whose vector is never compared.
    return candidates
      .map((s) => s.record)
      .find((h) => h.condition === condition && similarStrategies({ text: strategy }, { text: h.strategy }, 1));
  }

  private async maybeFormAntiPattern(
    req: LearnRequest,
    outcome: Outcome,
    scope: ScopeFilter,
  ): Promise<{ action: WriteAction; antiPattern: AntiPattern } | undefined> {
    const { storage } = this.deps;
    const error = outcome.errorMessage as string;
    const recent = await storage.queryMemories('outcome', { scope, projectId: req.projectId, agents: [req.agent], topK: 10 });
    const failures = recent.filter(({ record }) => !record.success && record.errorMessage && similarErrors(record.errorMessage, error));
    if (failures.length < 2) return undefined;
    return this.upsertAntiPattern(req, outcome.strategyUsed, { error, fallback: error }, scope, failures.length);
  }

  /**
   * Creates the anti-pattern, or bumps the existing one with the same pattern for this agent. A real error message
   * becomes its reason; without one, an existing reason is kept and a new anti-pattern gets `why.fallback`.
   */
  async upsertAntiPattern(
    req: Pick<LearnRequest, 'agent' | 'projectId'>,
    pattern: string,
    why: { error?: string; fallback: string },
    scope: ScopeFilter,
    occurrences: number,
  ): Promise<{ action: WriteAction; antiPattern: AntiPattern }> {
    const { storage } = this.deps;
    const now = this.deps.now();
    const existing = (
      await storage.queryMemories('anti_pattern', { scope, projectId: req.projectId, agents: [req.agent], topK: 500 })
    ).find(({ record }) => record.pattern.trim().toLowerCase() === pattern.trim().toLowerCase())?.record;
    if (existing) {
      const patch = {
        occurrenceCount: Math.max(existing.occurrenceCount + 1, occurrences),
        lastSeen: now,
        whyBad: why.error ?? existing.whyBad,
      };
      await storage.updateMemory('anti_pattern', existing.id, patch, scope);
      return { action: 'updated', antiPattern: { ...existing, ...patch } };
    }
    const whyBad = why.error ?? why.fallback;
    const antiPattern: AntiPattern = {
      id: newId('anti'),
      agent: req.agent,
      projectId: req.projectId,
      ...(scope.tenantId ? { tenantId: scope.tenantId } : {}),
      pattern,
      whyBad,
      betterAlternative: '[To be determined from successful outcomes]',
      occurrenceCount: occurrences,
      lastSeen: now,
      createdAt: now,
      ...optionalEmbedding(await this.embed(`${pattern} ${whyBad}`)),
      metadata: {},
    };
    await storage.saveMemory('anti_pattern', antiPattern);
    return { action: 'created', antiPattern };
  }

  async enforceQuotas(req: Pick<LearnRequest, 'agent' | 'projectId'>, scope: ScopeFilter): Promise<number> {
    const { limits } = this.deps.settings;
    const where = { projectId: req.projectId, agent: req.agent, scope };
    return (
      (await enforceQuota(this.deps.storage, 'outcome', where, limits.maxOutcomesPerAgent)) +
      (await enforceQuota(this.deps.storage, 'heuristic', where, limits.maxHeuristicsPerAgent)) +
      (await enforceQuota(this.deps.storage, 'anti_pattern', where, limits.maxAntiPatternsPerAgent))
    );
  }
}

/** The context's hierarchy fields, for records that sit where they were learned. */
export function contextFields(ctx: WorkflowContext | undefined): {
  tenantId?: string; workflowId?: string; runId?: string; nodeId?: string;
} {
  if (!ctx) return {};
  const out: Record<string, string> = {};
  if (ctx.tenantId) out['tenantId'] = ctx.tenantId;
  if (ctx.workflowId) out['workflowId'] = ctx.workflowId;
  if (ctx.runId) out['runId'] = ctx.runId;
  if (ctx.nodeId) out['nodeId'] = ctx.nodeId;
  return out;
}

export const optionalEmbedding = (embedding: Float32Array | undefined): { embedding?: Float32Array } =>
  embedding ? { embedding } : {};
