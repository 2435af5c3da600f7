import type { CheckpointRecord, RunSummary, ScopeFilter, StorageBackend } from '@alma/types';
import { isContractV2, type CatalogStorage } from './capabilities.js';
import { planPrefix, runWideWanted, toPlanRow, type PlanRow, type RetentionPlan } from './retention-plan.js';

const PAGE_SIZE = 500;
const RUN_PAGE_SIZE = 1000;

/** Every checkpoint of a run, by seq ascending, read page by page. */
export async function listWholeRun(
  storage: StorageBackend,
  runId: string,
  scope: ScopeFilter,
): Promise<CheckpointRecord[]> {
  const all: CheckpointRecord[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await storage.listCheckpoints(runId, scope, { afterSeq, limit: PAGE_SIZE });
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < PAGE_SIZE || last === undefined) return all;
    afterSeq = last.seq;
  }
}

/** Every run of the run catalog in scope (newest first), read page by page. */
export async function listAllRuns(storage: CatalogStorage, scope: ScopeFilter): Promise<RunSummary[]> {
  if (!isContractV2(storage)) return [];
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRuns({ scope, limit: RUN_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
    runs.push(...page.runs);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return runs;
}

/** The scope of one run's rows: its own tenant (an admin sweep must not touch a same-named run of another). */
export function runScope(run: { tenantId?: string | undefined }): ScopeFilter {
  return run.tenantId === undefined ? {} : { tenantId: run.tenantId };
}

/**
 * Deletes the plan's prefix with the store's own primitive: all but the `keep.length` highest seqs AND created
 * before the newest removed row. The age bound protects the kept rows if a checkpoint is written between the
 * listing and the delete (the seq bound alone would then shift onto them).
 */
export async function executePlan(
  storage: StorageBackend,
  runId: string,
  scope: ScopeFilter,
  plan: RetentionPlan,
): Promise<number> {
  if (plan.remove.length === 0) return 0;
  const newest = plan.remove.reduce((max, row) => Math.max(max, row.createdAt.getTime()), 0);
  return storage.deleteCheckpoints(runId, scope, { keepLast: plan.keep.length, olderThan: new Date(newest + 1) });
}

export interface RunCleanup {
  readonly deleted: number;
  readonly spared: number;
  readonly removedIds: readonly string[];
}

/** Plans a run's cleanup from its stored rows (`wanted` says what the policy selects) and applies it. */
export async function cleanupPlanned(
  storage: StorageBackend,
  runId: string,
  scope: ScopeFilter,
  wanted: (rows: readonly PlanRow[]) => boolean[],
  dryRun: boolean,
): Promise<RunCleanup> {
  const rows = (await listWholeRun(storage, runId, scope)).map(toPlanRow);
  const plan = planPrefix(rows, wanted(rows));
  const deleted = dryRun ? plan.remove.length : await executePlan(storage, runId, scope, plan);
  return { deleted, spared: plan.spared, removedIds: plan.remove.map((row) => row.id) };
}

/**
 * `cleanup()`: no condition = the whole run (the store tombstones it); otherwise the rows meeting every condition
 * (run-wide keepLast, olderThan), as far as the kept rows stay decodable.
 */
export async function cleanupRun(
  storage: StorageBackend,
  runId: string,
  scope: ScopeFilter,
  options: { keepLast?: number; olderThan?: Date },
  dryRun: boolean,
): Promise<RunCleanup> {
  if (options.keepLast === undefined && options.olderThan === undefined) {
    if (!dryRun) return { deleted: await storage.deleteCheckpoints(runId, scope), spared: 0, removedIds: [] };
    const rows = await listWholeRun(storage, runId, scope);
    return { deleted: rows.length, spared: 0, removedIds: rows.map((row) => row.id) };
  }
  const wanted = (rows: readonly PlanRow[]) => runWideWanted(rows, options.keepLast, options.olderThan);
  return cleanupPlanned(storage, runId, scope, wanted, dryRun);
}

/**
 * Deletes every checkpoint in scope older than `olderThan`, run by run so that kept deltas keep their snapshot.
 * A v1 store (no run catalog, hence no deltas) takes the store's own bulk delete.
 */
export async function expireOlderThan(storage: CatalogStorage, scope: ScopeFilter, olderThan: Date): Promise<number> {
  if (!isContractV2(storage)) return storage.deleteCheckpointsOlderThan(olderThan, scope);
  let deleted = 0;
  const wanted = (rows: readonly PlanRow[]) => runWideWanted(rows, undefined, olderThan);
  for (const run of await listAllRuns(storage, scope)) {
    if (run.firstAt.getTime() >= olderThan.getTime()) continue;
    deleted += (await cleanupPlanned(storage, run.runId, runScope(run), wanted, false)).deleted;
  }
  return deleted;
}
