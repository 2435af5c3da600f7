import type { CheckpointDeleteOptions, CheckpointRecord, ScopeFilter, StorageBackend } from '@alma/types';

const PAGE_SIZE = 500;

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

/** How many checkpoints `deleteCheckpoints(runId, scope, options)` would delete (every condition must hold). */
export function countDeletable(rows: readonly CheckpointRecord[], options: CheckpointDeleteOptions): number {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const keepFrom = options.keepLast === undefined ? sorted.length : Math.max(sorted.length - options.keepLast, 0);
  const olderThan = options.olderThan?.getTime();
  return sorted.filter((row, index) => {
    if (index >= keepFrom) return false;
    return olderThan === undefined || row.createdAt.getTime() < olderThan;
  }).length;
}

/** Deletes (or, on a dry run, counts) a run's checkpoints. */
export async function cleanupRun(
  storage: StorageBackend,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions,
  dryRun: boolean,
): Promise<number> {
  if (dryRun) return countDeletable(await listWholeRun(storage, runId, scope), options);
  const hasCondition = options.keepLast !== undefined || options.olderThan !== undefined;
  return storage.deleteCheckpoints(runId, scope, hasCondition ? options : undefined);
}
