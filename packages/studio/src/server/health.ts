import type { ALMA, PruneSummary } from '@alma/core';
import { requireMethod } from '@alma/core';
import { MEMORY_TYPES, RUN_STATUSES, type RunStatus, type ScopeFilter } from '@alma/types';
import type { ResolvedStudioOptions, StoreInfo } from '../options.js';
import { MEMORY_KINDS, type MemoryKind } from './memories/kinds.js';
import { readRecords } from './memories/read.js';

export interface TenantCounts {
  /** null = tenant-less data. */
  readonly tenantId: string | null;
  readonly counts: Record<MemoryKind, number>;
}

export interface HealthReport {
  readonly projectId: string;
  readonly adapter: string;
  readonly store?: StoreInfo;
  readonly migrations?: unknown;
  /** Counted by the store, in the request's tenant (every tenant in admin mode). */
  readonly counts: Record<MemoryKind, number>;
  readonly totalMemories: number;
  /** Admin mode: per tenant, from a scan of up to `maxScan` records per type. */
  readonly perTenant?: TenantCounts[];
  /** The first 1000 runs of the catalog by status. */
  readonly runs: { readonly counted: number; readonly more: boolean; readonly byStatus: Record<RunStatus, number> };
  /** Parts that could not be read, by part: the page shows the rest. */
  readonly problems: Record<string, string>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Counts per type and tenant, store size, migration status, runs by status. A part that fails is reported, not fatal. */
export async function healthReport(alma: ALMA, scope: ScopeFilter, options: ResolvedStudioOptions): Promise<HealthReport> {
  const problems: Record<string, string> = {};
  const part = async <T>(name: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      problems[name] = messageOf(error);
      return undefined;
    }
  };
  const [stats, store, migrations, perTenant, runs] = await Promise.all([
    alma.storage.getStats({ scope, projectId: alma.projectId }),
    options.storeInfo ? part('store', options.storeInfo) : undefined,
    options.migrationStatus ? part('migrations', options.migrationStatus) : undefined,
    scope.allTenants ? part('perTenant', () => countPerTenant(alma, options.maxScan)) : undefined,
    part('runs', () => runsByStatus(alma, scope)),
  ]);
  const counts = { ...stats.counts, workflow_outcome: stats.workflowOutcomes };
  return {
    projectId: alma.projectId, adapter: alma.storage.capabilities.name,
    ...(store ? { store } : {}), ...(migrations !== undefined ? { migrations } : {}),
    counts, totalMemories: stats.totalMemories, ...(perTenant ? { perTenant } : {}),
    runs: runs ?? { counted: 0, more: false, byStatus: zeros(RUN_STATUSES) }, problems,
  };
}

async function countPerTenant(alma: ALMA, maxScan: number): Promise<TenantCounts[]> {
  const byTenant = new Map<string | null, Record<MemoryKind, number>>();
  await Promise.all(
    MEMORY_KINDS.map(async (kind) => {
      for (const { record } of await readRecords(alma, kind, { scope: { allTenants: true }, topK: maxScan })) {
        const tenant = typeof record['tenantId'] === 'string' ? record['tenantId'] : null;
        const counts = byTenant.get(tenant) ?? zeros(MEMORY_KINDS);
        counts[kind]++;
        byTenant.set(tenant, counts);
      }
    }),
  );
  return [...byTenant.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([tenantId, counts]) => ({ tenantId, counts }));
}

async function runsByStatus(alma: ALMA, scope: ScopeFilter) {
  const page = await requireMethod(alma.storage, 'listRuns', 'count runs')({ scope, limit: 1000 });
  const byStatus = zeros(RUN_STATUSES);
  for (const r of page.runs) byStatus[r.status]++;
  return { counted: page.runs.length, more: page.nextCursor !== undefined, byStatus };
}

/** What forgetting would remove (a dry run of the prune policy) and the heuristics decaying most, for one tenant. */
export async function forgettingCandidates(alma: ALMA, tenantId: string | undefined, agent: string | undefined) {
  const context = tenantId === undefined ? {} : { tenantId };
  const who = agent === undefined ? {} : { agent };
  const [prune, decay, metrics] = await Promise.all([
    alma.forgetting.prune({}, { dryRun: true, context, ...who }) as Promise<PruneSummary>,
    alma.forgetting.identifyCandidates({ context, maxCandidates: 20, ...who }),
    alma.forgetting.health.collectMetrics({ context, ...who }),
  ]);
  const alerts = await alma.forgetting.health.checkHealth(metrics);
  return { tenantId: tenantId ?? null, prune, decay, metrics, alerts, memoryTypes: MEMORY_TYPES };
}
