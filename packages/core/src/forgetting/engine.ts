import { ConfigError, heuristicSuccessRate, parseInput, ValidationError, type MemoryRecordMap } from '@alma/types';
import { daysBetween, DAY_MS, scopeOfContext, type ModuleHost } from '../module-host.js';
import { ConfidenceDecayer } from './confidence-decayer.js';
import { computeDecayScore } from './decay.js';
import { MemoryHealthMonitor } from './health.js';
import { loadAll } from './load.js';
import {
  pruneOptionsSchema,
  prunePolicySchema,
  type PrunableType,
  type PrunedItem,
  type PruneOptions,
  type PrunePolicy,
  type PrunePolicyInput,
  type PruneReason,
  type PruneSummary,
} from './policy.js';
import type { ForgettingOptions } from './types.js';

type Verdict = { reason: PruneReason; details: string } | undefined;
interface Candidate {
  memoryType: PrunableType;
  id: string;
  agent: string;
  time: Date;
  confidence?: number;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Forgetting (ALMA's ForgettingEngine): prunes stale outcomes, weak or stale heuristics, old or doubtful domain
 * knowledge, anti-patterns not seen for a year, then enforces per-agent quotas. `dryRun` reports the same list and
 * writes nothing. `decayer` lowers confidence over time; `health` reports memory health.
 */
export class ForgettingEngine {
  readonly defaultPolicy: PrunePolicy;
  readonly decayer: ConfidenceDecayer;
  readonly health: MemoryHealthMonitor;

  constructor(
    private readonly host: ModuleHost,
    options: ForgettingOptions = {},
  ) {
    try {
      this.defaultPolicy = parseInput(prunePolicySchema, options.policy ?? {}, 'forgetting.policy');
    } catch (error) {
      throw error instanceof ValidationError ? new ConfigError(error.message, { cause: error }) : error;
    }
    this.decayer = new ConfidenceDecayer(host, options);
    this.health = new MemoryHealthMonitor(host, options.health);
  }

  /** Prunes by `policy` (merged over the default policy). Lists every item with its reason. */
  async prune(policy: PrunePolicyInput = {}, options: PruneOptions = {}): Promise<PruneSummary> {
    const started = performance.now();
    const given = Object.fromEntries(Object.entries(policy ?? {}).filter(([, v]) => v !== undefined));
    const p = parseInput(prunePolicySchema, { ...this.defaultPolicy, ...given }, 'prune policy');
    const o = parseInput(pruneOptionsSchema, options, 'prune options');
    const ctx = this.host.context(o.context, 'prune');
    const scope = scopeOfContext(ctx);
    const where = { scope, projectId: this.host.projectId, agent: o.agent };
    const now = this.host.now();
    const older = (t: Date, d: number): boolean => t.getTime() < now.getTime() - d * DAY_MS;

    const items: PrunedItem[] = [];
    const survivors: Candidate[] = [];
    const judge = (c: Candidate, verdict: Verdict): void => {
      if (verdict) items.push({ memoryType: c.memoryType, id: c.id, agent: c.agent, ...verdict });
      else survivors.push(c);
    };

    for (const out of await loadAll(this.host.storage, 'outcome', where)) {
      const c = { memoryType: 'outcome' as const, id: out.id, agent: out.agent, time: out.timestamp };
      judge(c, older(out.timestamp, p.outcomeMaxAgeDays) ? { reason: 'stale', details: `Older than ${p.outcomeMaxAgeDays} days` } : undefined);
    }
    for (const h of await loadAll(this.host.storage, 'heuristic', where)) {
      const c = { memoryType: 'heuristic' as const, id: h.id, agent: h.agent, time: h.lastValidated, confidence: h.confidence };
      judge(c, heuristicVerdict(h, p, older(h.lastValidated, p.heuristicStaleDays)));
    }
    for (const k of await loadAll(this.host.storage, 'domain_knowledge', where)) {
      const c = { memoryType: 'domain_knowledge' as const, id: k.id, agent: k.agent, time: k.lastVerified, confidence: k.confidence };
      let verdict: Verdict;
      if (k.confidence < p.knowledgeMinConfidence) {
        verdict = { reason: 'low_confidence', details: `Confidence ${k.confidence.toFixed(2)} < ${p.knowledgeMinConfidence}` };
      } else if (older(k.lastVerified, p.knowledgeMaxAgeDays)) {
        verdict = { reason: 'stale', details: `Older than ${p.knowledgeMaxAgeDays} days` };
      } else if (older(k.lastVerified, p.knowledgeStaleDays)) {
        verdict = { reason: 'stale', details: `Not verified since ${isoDay(k.lastVerified)}` };
      }
      judge(c, verdict);
    }
    for (const a of await loadAll(this.host.storage, 'anti_pattern', where)) {
      const c = { memoryType: 'anti_pattern' as const, id: a.id, agent: a.agent, time: a.lastSeen };
      judge(c, older(a.lastSeen, p.antiPatternMaxAgeDays) ? { reason: 'stale', details: `Not seen since ${isoDay(a.lastSeen)}` } : undefined);
    }
    items.push(...overQuota(survivors, p));

    const deleted = o.dryRun ? items : await this.deleteAll(items, ctx);
    const count = (t: PrunableType): number => deleted.filter((i) => i.memoryType === t).length;
    return {
      dryRun: o.dryRun,
      outcomes: count('outcome'),
      heuristics: count('heuristic'),
      domainKnowledge: count('domain_knowledge'),
      antiPatterns: count('anti_pattern'),
      total: deleted.length,
      items: deleted,
      executionTimeMs: Math.round(performance.now() - started),
    };
  }

  /**
   * The memories most worth forgetting by ALMA's decay score (heuristics), lowest score first. Read only.
   */
  async identifyCandidates(
    options: { agent?: string; maxCandidates?: number; context?: PruneOptions['context'] } = {},
  ): Promise<Array<{ id: string; agent: string; score: number; ageDays: number; confidence: number; summary: string }>> {
    const o = parseInput(pruneOptionsSchema, { agent: options.agent, context: options.context }, 'candidate options');
    const ctx = this.host.context(o.context, 'identifyCandidates');
    const now = this.host.now();
    const heuristics = await loadAll(this.host.storage, 'heuristic', {
      scope: scopeOfContext(ctx), projectId: this.host.projectId, agent: o.agent,
    });
    return heuristics
      .map((h) => {
        const ageDays = daysBetween(h.createdAt, now);
        const score = computeDecayScore({
          ageDays, confidence: h.confidence, successRate: heuristicSuccessRate(h), occurrences: h.occurrenceCount,
        });
        return { id: h.id, agent: h.agent, score, ageDays: Math.floor(ageDays), confidence: h.confidence, summary: h.strategy.slice(0, 50) };
      })
      .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
      .slice(0, Math.max(0, options.maxCandidates ?? 20));
  }

  private async deleteAll(items: PrunedItem[], ctx: Parameters<ModuleHost['invalidate']>[1]): Promise<PrunedItem[]> {
    const scope = scopeOfContext(ctx);
    const done: PrunedItem[] = [];
    for (const item of items) {
      if (await this.host.storage.deleteMemory(item.memoryType, item.id, scope)) done.push(item);
    }
    for (const agent of new Set(done.map((i) => i.agent))) this.host.invalidate(agent, ctx);
    return done;
  }
}

function heuristicVerdict(h: MemoryRecordMap['heuristic'], p: PrunePolicy, stale: boolean): Verdict {
  const rate = heuristicSuccessRate(h);
  if (h.confidence < p.heuristicMinConfidence) {
    return { reason: 'low_confidence', details: `Confidence ${h.confidence.toFixed(2)} < ${p.heuristicMinConfidence}` };
  }
  if (h.occurrenceCount >= p.minOccurrencesBeforePrune && rate < p.heuristicMinSuccessRate) {
    return { reason: 'low_success', details: `Success rate ${rate.toFixed(2)} < ${p.heuristicMinSuccessRate}` };
  }
  if (stale) return { reason: 'stale', details: `Not validated since ${isoDay(h.lastValidated)}` };
  return undefined;
}

const QUOTA_OF: Record<PrunableType, keyof PrunePolicy> = {
  heuristic: 'maxHeuristicsPerAgent',
  outcome: 'maxOutcomesPerAgent',
  domain_knowledge: 'maxKnowledgePerAgent',
  anti_pattern: 'maxAntiPatternsPerAgent',
};

/** Per agent and type, the items beyond the quota: lowest-confidence heuristics first, otherwise oldest first. */
function overQuota(survivors: Candidate[], p: PrunePolicy): PrunedItem[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of survivors) {
    const key = `${c.memoryType}\u0000${c.agent}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out: PrunedItem[] = [];
  for (const group of groups.values()) {
    const type = (group[0] as Candidate).memoryType;
    const max = p[QUOTA_OF[type]] as number;
    if (group.length <= max) continue;
    const byTime = (a: Candidate, b: Candidate): number => a.time.getTime() - b.time.getTime() || a.id.localeCompare(b.id);
    const order = type === 'heuristic' ? (a: Candidate, b: Candidate) => (a.confidence ?? 0) - (b.confidence ?? 0) || byTime(a, b) : byTime;
    for (const c of [...group].sort(order).slice(0, group.length - max)) {
      out.push({ memoryType: c.memoryType, id: c.id, agent: c.agent, reason: 'quota', details: `Exceeded quota of ${max}` });
    }
  }
  return out;
}
