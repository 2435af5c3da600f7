import { ConfigError, type RunStatus, type RunSummary, type ScopeFilter } from '@alma/types';
import { isContractV2, type CatalogStorage } from './capabilities.js';
import { cleanupPlanned, listAllRuns, listWholeRun, runScope } from './cleanup.js';
import { perBranchWanted, type PlanRow } from './retention-plan.js';
import type { PruneResult, PruneRunReport, RetentionPolicy } from './types.js';

/** A run to sweep: its catalog entry when the store has one. */
interface SweepTarget {
  readonly runId: string;
  readonly scope: ScopeFilter;
  readonly tenantId: string | undefined;
  readonly summary: RunSummary | undefined;
}

async function targets(storage: CatalogStorage, scope: ScopeFilter, runIds?: readonly string[]): Promise<SweepTarget[]> {
  const v2 = isContractV2(storage);
  if (runIds === undefined) {
    if (!v2) {
      throw new ConfigError(
        'prune() needs a store with a run catalog (storage contract v2) to find runs; pass options.runIds instead.',
      );
    }
    return (await listAllRuns(storage, scope)).map((summary) => ({
      runId: summary.runId,
      scope: runScope(summary),
      tenantId: summary.tenantId,
      summary,
    }));
  }
  const out: SweepTarget[] = [];
  for (const runId of runIds) {
    const summary = v2 ? await storage.getRun(runId, scope) : undefined;
    if (v2 && summary === undefined) continue; // not in scope, or deleted already
    const tenantId = summary?.tenantId ?? (scope.allTenants ? undefined : scope.tenantId);
    out.push({ runId, scope: summary ? runScope(summary) : scope, tenantId, summary });
  }
  return out;
}

/**
 * The sweeper: applies retention policies to every run in scope (or the given runs) and reports, per run, what it
 * removed — or, on a dry run, what it would remove, writing nothing.
 */
export async function pruneRuns(
  storage: CatalogStorage,
  policy: RetentionPolicy,
  scope: ScopeFilter,
  options: { dryRun: boolean; runIds?: readonly string[]; now: Date },
): Promise<PruneResult> {
  const { dryRun, now } = options;
  const statuses: readonly RunStatus[] = policy.completedStatuses ?? ['completed'];
  const completedBefore =
    policy.deleteCompletedAfterMs === undefined ? undefined : now.getTime() - policy.deleteCompletedAfterMs;
  const olderThan = policy.maxAgeMs === undefined ? undefined : new Date(now.getTime() - policy.maxAgeMs);
  const trims = policy.keepLastPerBranch !== undefined || olderThan !== undefined;
  const wanted = (rows: readonly PlanRow[]) => perBranchWanted(rows, policy.keepLastPerBranch, olderThan);
  const reports: PruneRunReport[] = [];
  for (const run of await targets(storage, scope, options.runIds)) {
    const { summary } = run;
    const completed =
      completedBefore !== undefined &&
      summary !== undefined &&
      statuses.includes(summary.status) &&
      summary.lastAt.getTime() <= completedBefore;
    if (completed) {
      const ids = (await listWholeRun(storage, run.runId, run.scope)).map((row) => row.id);
      const deleted = dryRun ? ids.length : await storage.deleteCheckpoints(run.runId, run.scope);
      reports.push({ ...base(run), action: 'delete-run', deleted, checkpointIds: ids, spared: 0 });
    } else if (trims) {
      const result = await cleanupPlanned(storage, run.runId, run.scope, wanted, dryRun);
      if (result.removedIds.length === 0 && result.spared === 0) continue;
      reports.push({ ...base(run), action: 'trim', deleted: result.deleted, checkpointIds: result.removedIds, spared: result.spared });
    }
  }
  return {
    dryRun,
    runs: reports,
    deleted: reports.reduce((sum, r) => sum + r.deleted, 0),
    runsDeleted: reports.filter((r) => r.action === 'delete-run').length,
  };
}

function base(run: SweepTarget): Pick<PruneRunReport, 'runId' | 'tenantId'> {
  return { runId: run.runId, tenantId: run.tenantId };
}
