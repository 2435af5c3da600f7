import { parseInput, type MemoryRecord } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';
import { daysBetween, DAY_MS, scopeOfContext, type ModuleHost } from '../module-host.js';
import { loadAll } from './load.js';

/** Alert thresholds (ALMA's HealthThresholds defaults). */
export interface HealthThresholds {
  /** @default 5000 */ maxTotalItemsWarning: number;
  /** @default 0.3 */ maxStalePercentageWarning: number;
  /** @default 0.5 */ minAvgConfidenceWarning: number;
  /** @default 500 */ maxAgentItemsWarning: number;
  /** @default 10000 */ maxTotalItemsCritical: number;
  /** @default 0.5 */ maxStalePercentageCritical: number;
  /** @default 0.3 */ minAvgConfidenceCritical: number;
  /** @default 104857600 (100 MB) */ maxStorageBytesCritical: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({
  maxTotalItemsWarning: 5000,
  maxStalePercentageWarning: 0.3,
  minAvgConfidenceWarning: 0.5,
  maxAgentItemsWarning: 500,
  maxTotalItemsCritical: 10000,
  maxStalePercentageCritical: 0.5,
  minAvgConfidenceCritical: 0.3,
  maxStorageBytesCritical: 100 * 1024 * 1024,
});

export interface HealthMonitorOptions {
  thresholds?: Partial<HealthThresholds>;
  /** Heuristics not validated for this many days count as stale. @default 60 */
  staleDays?: number;
  /** Heuristics below this confidence count as low-confidence. @default 0.3 */
  lowConfidenceThreshold?: number;
}

export interface MemoryHealthMetrics {
  readonly totalItems: number;
  readonly heuristicCount: number;
  readonly outcomeCount: number;
  readonly knowledgeCount: number;
  readonly antiPatternCount: number;
  readonly avgHeuristicConfidence: number;
  readonly avgHeuristicAgeDays: number;
  readonly staleHeuristicCount: number;
  readonly lowConfidenceCount: number;
  /** Estimated size of the records (JSON text + 4 bytes per embedding dimension). */
  readonly storageBytes: number;
  readonly agents: Readonly<Record<string, number>>;
  readonly agentsCount: number;
  readonly timestamp: Date;
}

export interface HealthAlert {
  readonly level: 'warning' | 'critical';
  readonly category: 'total_items' | 'staleness' | 'confidence' | 'storage' | 'agent_items';
  readonly message: string;
  readonly currentValue: number;
  readonly threshold: number;
}

const optionsSchema = z
  .object({ agent: z.string().trim().min(1).max(256).optional(), context: contextSchema.optional() })
  .strict();
export type HealthQuery = z.input<typeof optionsSchema>;

const historyKey = (tenantId: string | undefined, agent: string | undefined): string => JSON.stringify([tenantId ?? null, agent ?? null]);

const sizeOf = (r: MemoryRecord): number => {
  const { embedding, ...rest } = r as MemoryRecord & { embedding?: Float32Array };
  return JSON.stringify(rest).length + (embedding ? embedding.length * 4 : 0);
};

/** Memory health (ALMA's MemoryHealthMonitor): counts, confidence, staleness, size, per-agent load, alerts. */
export class MemoryHealthMonitor {
  readonly thresholds: Readonly<HealthThresholds>;
  readonly staleDays: number;
  readonly lowConfidenceThreshold: number;
  /** Metrics collected per (tenant, agent), for growth trends; the last 100 of each. */
  private readonly history = new Map<string, MemoryHealthMetrics[]>();

  constructor(
    private readonly host: ModuleHost,
    options: HealthMonitorOptions = {},
  ) {
    this.thresholds = Object.freeze({ ...DEFAULT_HEALTH_THRESHOLDS, ...options.thresholds });
    this.staleDays = options.staleDays ?? 60;
    this.lowConfidenceThreshold = options.lowConfidenceThreshold ?? 0.3;
  }

  async collectMetrics(query: HealthQuery = {}): Promise<MemoryHealthMetrics> {
    const q = parseInput(optionsSchema, query, 'health query');
    const ctx = this.host.context(q.context, 'collectMetrics');
    const where = { scope: scopeOfContext(ctx), projectId: this.host.projectId, agent: q.agent };
    const now = this.host.now();
    const heuristics = await loadAll(this.host.storage, 'heuristic', where);
    const outcomes = await loadAll(this.host.storage, 'outcome', where);
    const knowledge = await loadAll(this.host.storage, 'domain_knowledge', where);
    const antiPatterns = await loadAll(this.host.storage, 'anti_pattern', where);
    const all: Array<MemoryRecord & { agent: string }> = [...heuristics, ...outcomes, ...knowledge, ...antiPatterns];
    const agents: Record<string, number> = {};
    for (const r of all) agents[r.agent] = (agents[r.agent] ?? 0) + 1;
    const n = heuristics.length;
    const staleBefore = now.getTime() - this.staleDays * DAY_MS;
    const metrics: MemoryHealthMetrics = {
      totalItems: all.length,
      heuristicCount: n,
      outcomeCount: outcomes.length,
      knowledgeCount: knowledge.length,
      antiPatternCount: antiPatterns.length,
      avgHeuristicConfidence: n ? heuristics.reduce((s, h) => s + h.confidence, 0) / n : 0,
      avgHeuristicAgeDays: n ? heuristics.reduce((s, h) => s + daysBetween(h.createdAt, now), 0) / n : 0,
      staleHeuristicCount: heuristics.filter((h) => h.lastValidated.getTime() < staleBefore).length,
      lowConfidenceCount: heuristics.filter((h) => h.confidence < this.lowConfidenceThreshold).length,
      storageBytes: all.reduce((s, r) => s + sizeOf(r), 0),
      agents,
      agentsCount: Object.keys(agents).length,
      timestamp: now,
    };
    const key = historyKey(ctx.tenantId, q.agent);
    const list = this.history.get(key) ?? [];
    list.push(metrics);
    if (list.length > 100) list.shift();
    this.history.set(key, list);
    return metrics;
  }

  /** Alerts for the given metrics (collected now when omitted); empty when healthy. */
  async checkHealth(metricsOrQuery: MemoryHealthMetrics | HealthQuery = {}): Promise<HealthAlert[]> {
    const m = 'totalItems' in metricsOrQuery ? metricsOrQuery : await this.collectMetrics(metricsOrQuery);
    const t = this.thresholds;
    const alerts: HealthAlert[] = [];
    const alert = (level: HealthAlert['level'], category: HealthAlert['category'], message: string, currentValue: number, threshold: number) =>
      alerts.push({ level, category, message, currentValue, threshold });
    if (m.totalItems >= t.maxTotalItemsCritical) alert('critical', 'total_items', 'Memory item count critically high', m.totalItems, t.maxTotalItemsCritical);
    else if (m.totalItems >= t.maxTotalItemsWarning) alert('warning', 'total_items', 'Memory item count approaching limit', m.totalItems, t.maxTotalItemsWarning);
    if (m.heuristicCount > 0) {
      const stale = m.staleHeuristicCount / m.heuristicCount;
      if (stale >= t.maxStalePercentageCritical) alert('critical', 'staleness', 'Too many stale heuristics', stale, t.maxStalePercentageCritical);
      else if (stale >= t.maxStalePercentageWarning) alert('warning', 'staleness', 'Many heuristics are stale', stale, t.maxStalePercentageWarning);
      const c = m.avgHeuristicConfidence;
      if (c < t.minAvgConfidenceCritical) alert('critical', 'confidence', 'Average heuristic confidence critically low', c, t.minAvgConfidenceCritical);
      else if (c < t.minAvgConfidenceWarning) alert('warning', 'confidence', 'Average heuristic confidence is low', c, t.minAvgConfidenceWarning);
    }
    if (m.storageBytes >= t.maxStorageBytesCritical) alert('critical', 'storage', 'Memory storage size critically high', m.storageBytes, t.maxStorageBytesCritical);
    for (const [agent, count] of Object.entries(m.agents)) {
      if (count >= t.maxAgentItemsWarning) alert('warning', 'agent_items', `Agent '${agent}' holds many memories`, count, t.maxAgentItemsWarning);
    }
    return alerts;
  }

  /** Growth between the first and last metrics this monitor collected for the same agent filter and tenant. */
  getGrowthTrend(query: HealthQuery = {}): {
    status: 'ok' | 'insufficient_data'; samples: number; totalGrowth?: number; growthPerDay?: number; confidenceTrend?: number;
  } {
    const q = parseInput(optionsSchema, query, 'health query');
    const history = this.history.get(historyKey(this.host.context(q.context, 'getGrowthTrend').tenantId, q.agent)) ?? [];
    const first = history[0];
    const last = history[history.length - 1];
    const days = first && last ? daysBetween(first.timestamp, last.timestamp) : 0;
    if (!first || !last || days === 0) return { status: 'insufficient_data', samples: history.length };
    const totalGrowth = last.totalItems - first.totalItems;
    return {
      status: 'ok',
      samples: history.length,
      totalGrowth,
      growthPerDay: totalGrowth / days,
      confidenceTrend: last.avgHeuristicConfidence - first.avgHeuristicConfidence,
    };
  }
}
