import { newId, newUuid, NotFoundError, parseInput, type SessionHandoff, type WorkflowContext } from '@alma/types';
import { z } from 'zod';
import { scopeOfContext, tenantFieldOf, type ModuleContextInput, type ModuleHost } from '../module-host.js';
import type { ProgressTracker } from '../progress/tracker.js';
import { SessionContext } from './context.js';
import { formatQuickReload, MAX_NEXT_STEPS, withDecision } from './handoff.js';
import {
  agentSchema,
  finalizeSchema,
  historySchema,
  startSessionSchema,
  targetSchema,
  textSchema,
  updateSessionSchema,
  type FinalizeSessionInput,
  type SessionTarget,
  type StartSessionInput,
  type UpdateSessionInput,
} from './inputs.js';

type HandoffPatch = Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>;

export interface SessionManagerOptions {
  /** Listed in every orientation. @default [] */
  rulesOfEngagement?: readonly string[];
}

/** How many recent handoffs are scanned for the active session. */
const SCAN = 50;

/**
 * Session continuity (ALMA's SessionManager), persisted: `startSession` stores an active handoff and returns an
 * orientation (previous handoff, progress, recent outcomes, relevant heuristics); decisions, blockers, test status
 * are recorded on the active handoff; `finalize` closes it for the next session. A session never finalized is closed
 * as 'interrupted' when the agent starts the next one.
 */
export class SessionManager {
  readonly rulesOfEngagement: readonly string[];

  constructor(
    private readonly host: ModuleHost,
    private readonly progress?: ProgressTracker,
    options: SessionManagerOptions = {},
  ) {
    this.rulesOfEngagement = [...(options.rulesOfEngagement ?? [])];
  }

  async startSession(agent: string, input: StartSessionInput = {}): Promise<SessionContext> {
    const name = parseInput(agentSchema, agent, 'agent');
    const i = parseInput(startSessionSchema, input, 'startSession input');
    const ctx = this.host.context(i.context, 'startSession');
    const now = this.host.now();
    const recent = await this.list(name, ctx, SCAN);
    const resumed = i.sessionId ? recent.find((h) => !h.sessionEnd && h.sessionId === i.sessionId) : undefined;
    if (!resumed) {
      for (const h of recent.filter((x) => !x.sessionEnd)) {
        const patch = { sessionEnd: now, lastOutcome: 'interrupted' as const, durationMs: durationOf(h, now) };
        await this.host.storage.updateSessionHandoff(h.id, patch, scopeOfContext(ctx));
        Object.assign(h, patch);
      }
    }
    const previous = recent.find((h) => h !== resumed && h.sessionEnd);
    const handoff: SessionHandoff = resumed ?? {
      id: newId('handoff'),
      projectId: this.host.projectId,
      agent: name,
      sessionId: i.sessionId ?? newUuid(),
      ...tenantFieldOf(ctx),
      lastAction: 'session_start',
      lastOutcome: 'unknown',
      currentGoal: i.goal ?? previous?.currentGoal ?? '',
      keyDecisions: [],
      activeFiles: i.activeFiles ?? [],
      blockers: [...(previous?.blockers ?? [])],
      nextSteps: [],
      testStatus: {},
      confidenceLevel: 0.5,
      riskFlags: [],
      sessionStart: now,
      metadata: i.metadata ?? {},
      createdAt: now,
    };
    if (!resumed) await this.host.storage.saveSessionHandoff(handoff);
    const progress = this.progress ? await this.progress.getProgressSummary(name, { context: ctx }) : undefined;
    return new SessionContext({
      projectId: this.host.projectId,
      agent: name,
      sessionId: handoff.sessionId,
      handoff,
      resumed: resumed !== undefined,
      ...(previous ? { previousHandoff: previous } : {}),
      ...(progress ? { progress } : {}),
      ...(progress?.nextSuggested ? { suggestedFocus: progress.nextSuggested } : {}),
      recentOutcomes: await this.recentOutcomes(name, ctx),
      relevantHeuristics: await this.relevantHeuristics(name, i.goal ?? handoff.currentGoal, ctx),
      rulesOfEngagement: this.rulesOfEngagement,
      createdAt: now,
    });
  }

  /** The agent's active (unfinished) handoff, or undefined. */
  async getActiveHandoff(agent: string, target: SessionTarget = {}): Promise<SessionHandoff | undefined> {
    const t = parseInput(targetSchema, target, 'session target');
    const ctx = this.host.context(t.context, 'getActiveHandoff');
    return this.findActive(parseInput(agentSchema, agent, 'agent'), t.sessionId, ctx);
  }

  /** Records a key decision (the 10 most recent are kept). */
  async recordDecision(agent: string, decision: string, target: SessionTarget = {}): Promise<SessionHandoff> {
    const d = parseInput(textSchema, decision, 'decision');
    return this.mutate(agent, target, 'recordDecision', (h) => ({ keyDecisions: withDecision(h.keyDecisions, d) }));
  }

  async addBlocker(agent: string, blocker: string, target: SessionTarget = {}): Promise<SessionHandoff> {
    const b = parseInput(textSchema, blocker, 'blocker');
    return this.mutate(agent, target, 'addBlocker', (h) => ({ blockers: h.blockers.includes(b) ? h.blockers : [...h.blockers, b] }));
  }

  async removeBlocker(agent: string, blocker: string, target: SessionTarget = {}): Promise<SessionHandoff> {
    const b = parseInput(textSchema, blocker, 'blocker');
    return this.mutate(agent, target, 'removeBlocker', (h) => ({ blockers: h.blockers.filter((x) => x !== b) }));
  }

  async setTestStatus(agent: string, testName: string, passing: boolean, target: SessionTarget = {}): Promise<SessionHandoff> {
    const name = parseInput(textSchema, testName, 'test name');
    const ok = parseInput(z.boolean(), passing, 'passing');
    return this.mutate(agent, target, 'setTestStatus', (h) => ({ testStatus: { ...h.testStatus, [name]: ok } }));
  }

  /** Latest action / outcome, a file being worked on, confidence (0..1), a risk, a new goal. */
  async updateSession(agent: string, update: UpdateSessionInput): Promise<SessionHandoff> {
    const u = parseInput(updateSessionSchema, update, 'updateSession input');
    return this.mutate(agent, u, 'updateSession', (h) => ({
      ...(u.action !== undefined ? { lastAction: u.action } : {}),
      ...(u.outcome !== undefined ? { lastOutcome: u.outcome } : {}),
      ...(u.goal !== undefined ? { currentGoal: u.goal } : {}),
      ...(u.confidence !== undefined ? { confidenceLevel: u.confidence } : {}),
      ...(u.activeFile !== undefined && !h.activeFiles.includes(u.activeFile) ? { activeFiles: [...h.activeFiles, u.activeFile] } : {}),
      ...(u.risk !== undefined && !h.riskFlags.includes(u.risk) ? { riskFlags: [...h.riskFlags, u.risk] } : {}),
    }));
  }

  /** Closes the active session (or stores a finished handoff when none was started) for the next session. */
  async finalize(agent: string, input: FinalizeSessionInput): Promise<SessionHandoff> {
    const name = parseInput(agentSchema, agent, 'agent');
    const i = parseInput(finalizeSchema, input, 'finalize input');
    const ctx = this.host.context(i.context, 'finalize');
    const now = this.host.now();
    const patch = (h: Pick<SessionHandoff, 'sessionStart' | 'metadata'>): HandoffPatch => ({
      lastAction: i.lastAction,
      lastOutcome: i.lastOutcome,
      sessionEnd: now,
      durationMs: durationOf(h, now),
      ...(i.nextSteps ? { nextSteps: i.nextSteps.slice(0, MAX_NEXT_STEPS) } : {}),
      ...(i.confidence !== undefined ? { confidenceLevel: i.confidence } : {}),
      ...(i.goal !== undefined ? { currentGoal: i.goal } : {}),
      metadata: { ...h.metadata, ...i.metadata },
    });
    const active = await this.findActive(name, i.sessionId, ctx);
    if (active) return this.write(active, patch(active), ctx);
    const handoff: SessionHandoff = {
      id: newId('handoff'),
      projectId: this.host.projectId,
      agent: name,
      sessionId: i.sessionId ?? newUuid(),
      ...tenantFieldOf(ctx),
      lastAction: i.lastAction,
      lastOutcome: i.lastOutcome,
      currentGoal: i.goal ?? '',
      keyDecisions: [],
      activeFiles: [],
      blockers: [],
      nextSteps: (i.nextSteps ?? []).slice(0, MAX_NEXT_STEPS),
      testStatus: {},
      confidenceLevel: i.confidence ?? 0.5,
      riskFlags: [],
      sessionStart: now,
      sessionEnd: now,
      durationMs: 0,
      metadata: i.metadata ?? {},
      createdAt: now,
    };
    await this.host.storage.saveSessionHandoff(handoff);
    return handoff;
  }

  /** The newest finished handoff of the agent. */
  async getLatestHandoff(agent: string, options: { context?: ModuleContextInput } = {}): Promise<SessionHandoff | undefined> {
    return (await this.getPreviousSessions(agent, { limit: 1, ...options }))[0];
  }

  /** Finished handoffs, newest first. */
  async getPreviousSessions(agent: string, options: { limit?: number; context?: ModuleContextInput } = {}): Promise<SessionHandoff[]> {
    const name = parseInput(agentSchema, agent, 'agent');
    const o = parseInput(historySchema, options, 'history options');
    const ctx = this.host.context(o.context, 'getPreviousSessions');
    return (await this.list(name, ctx, SCAN)).filter((h) => h.sessionEnd).slice(0, o.limit);
  }

  /** The latest handoff as compact markdown for a fast restart. */
  async getQuickReload(agent: string, options: { context?: ModuleContextInput } = {}): Promise<string> {
    const latest = await this.getLatestHandoff(agent, options);
    return latest ? formatQuickReload(latest) : `No previous session found for agent ${agent}`;
  }

  /** Totals over the stored (up to 50) finished sessions: success rate, mean duration, common blockers. */
  async getAgentStats(agent: string, options: { context?: ModuleContextInput } = {}): Promise<{
    agent: string; totalSessions: number; successRate: number; avgDurationMs: number; commonBlockers: string[];
  }> {
    const sessions = await this.getPreviousSessions(agent, { ...options, limit: SCAN });
    const durations = sessions.map((h) => h.durationMs ?? 0).filter((d) => d > 0);
    const blockers = new Map<string, number>();
    for (const h of sessions) for (const b of h.blockers) blockers.set(b, (blockers.get(b) ?? 0) + 1);
    return {
      agent,
      totalSessions: sessions.length,
      successRate: sessions.length ? sessions.filter((h) => h.lastOutcome === 'success').length / sessions.length : 0,
      avgDurationMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0,
      commonBlockers: [...blockers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([b]) => b),
    };
  }

  /** Deletes the handoffs of one agent, or of every agent in the tenant. */
  async clearHistory(agent?: string, options: { context?: ModuleContextInput } = {}): Promise<number> {
    const name = agent === undefined ? undefined : parseInput(agentSchema, agent, 'agent');
    const ctx = this.host.context(parseInput(targetSchema, options, 'options').context, 'clearHistory');
    return this.host.storage.deleteSessionHandoffs({ scope: scopeOfContext(ctx), projectId: this.host.projectId, ...(name ? { agent: name } : {}) });
  }

  // --- internals ---------------------------------------------------------------------------------

  private list(agent: string, ctx: WorkflowContext, limit: number): Promise<SessionHandoff[]> {
    return this.host.storage.listSessionHandoffs({ scope: scopeOfContext(ctx), projectId: this.host.projectId, agent, limit });
  }

  private async findActive(agent: string, sessionId: string | undefined, ctx: WorkflowContext): Promise<SessionHandoff | undefined> {
    return (await this.list(agent, ctx, SCAN)).find((h) => !h.sessionEnd && (sessionId === undefined || h.sessionId === sessionId));
  }

  private async mutate(agent: string, target: SessionTarget, operation: string, fn: (h: SessionHandoff) => HandoffPatch): Promise<SessionHandoff> {
    const name = parseInput(agentSchema, agent, 'agent');
    const t = parseInput(targetSchema, { sessionId: target.sessionId, context: target.context }, 'session target');
    const ctx = this.host.context(t.context, operation);
    const active = await this.findActive(name, t.sessionId, ctx);
    if (!active) throw new NotFoundError('Active session of agent', t.sessionId ? `${name}/${t.sessionId}` : name);
    return this.write(active, fn(active), ctx);
  }

  private async write(h: SessionHandoff, patch: HandoffPatch, ctx: WorkflowContext): Promise<SessionHandoff> {
    if (!(await this.host.storage.updateSessionHandoff(h.id, patch, scopeOfContext(ctx)))) throw new NotFoundError('Session handoff', h.id);
    return { ...h, ...patch };
  }

  private async recentOutcomes(agent: string, ctx: WorkflowContext) {
    const rows = await this.host.storage.queryMemories('outcome', { scope: scopeOfContext(ctx), projectId: this.host.projectId, agents: [agent], topK: 5 });
    return rows.map((r) => r.record);
  }

  private async relevantHeuristics(agent: string, goal: string, ctx: WorkflowContext) {
    if (goal.trim()) return (await this.host.retrieve(goal, agent, ctx, 5)).heuristics;
    const rows = await this.host.storage.queryMemories('heuristic', { scope: scopeOfContext(ctx), projectId: this.host.projectId, agents: [agent], topK: 100 });
    return rows.map((r) => r.record).sort((a, b) => b.confidence - a.confidence).slice(0, 5);
  }
}

const durationOf = (h: Pick<SessionHandoff, 'sessionStart'>, now: Date): number => Math.max(0, now.getTime() - h.sessionStart.getTime());
