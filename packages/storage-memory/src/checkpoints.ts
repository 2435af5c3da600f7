import {
  ConflictError,
  StaleCheckpointError,
  tenantScope,
  validateCheckpointInput,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type NewCheckpoint,
  type ScopeFilter,
} from '@alma/types';
import { clone } from './table.js';
import type { StoreState } from './state.js';

const bySeq = (a: CheckpointRecord, b: CheckpointRecord): number => a.seq - b.seq;

/** undefined = every branch, null = the main line only, a string = that branch. */
const onBranch = (row: CheckpointRecord, branchId: string | null | undefined): boolean =>
  branchId === undefined || (row.branchId ?? null) === branchId;

/**
 * Synchronous, so two concurrent calls can never read the same max seq or branch tip (JS runs it in one turn):
 * tombstone check, stale-write check, seq assignment, insert and catalog update happen together.
 */
export function saveCheckpoint(state: StoreState, input: NewCheckpoint, now: Date): CheckpointRecord {
  const { expectedLatestId, ...valid } = validateCheckpointInput(input);
  const run = state.runs.rows.get(valid.runId);
  if (run?.deletedAt) {
    throw new ConflictError(`Run '${valid.runId}' was deleted at ${run.deletedAt.toISOString()}; it takes no more checkpoints.`);
  }
  const all = [...state.checkpoints.rows.values()].filter((row) => row.runId === valid.runId);
  if (expectedLatestId !== undefined) {
    const tip = all.filter((row) => onBranch(row, valid.branchId ?? null)).sort(bySeq).pop();
    if ((tip?.id ?? null) !== expectedLatestId) {
      throw new StaleCheckpointError(valid.runId, valid.branchId, expectedLatestId ?? '(none)', tip?.id);
    }
  }
  const seq = Math.max(run?.latestSeq ?? 0, ...all.map((row) => row.seq)) + 1;
  const record: CheckpointRecord = { ...valid, seq, createdAt: valid.createdAt ?? now };
  state.checkpoints.insert(record);
  touchRun(state, record);
  return clone(record);
}

/** Restore path of an import: the record as exported, seq and createdAt kept. */
export function restoreCheckpoint(state: StoreState, input: CheckpointRecord): void {
  const { expectedLatestId: _ignored, ...valid } = validateCheckpointInput(input);
  const record = { ...valid, seq: input.seq, createdAt: valid.createdAt ?? input.createdAt } as CheckpointRecord;
  if (!Number.isInteger(record.seq) || record.seq < 1) throw new ConflictError('A restored checkpoint needs its seq.');
  if (state.runs.rows.get(record.runId)?.deletedAt) throw new ConflictError(`Run '${record.runId}' was deleted.`);
  if ([...state.checkpoints.rows.values()].some((row) => row.runId === record.runId && row.seq === record.seq)) {
    throw new ConflictError(`Run '${record.runId}' already has a checkpoint with seq ${record.seq}.`);
  }
  state.checkpoints.insert(record);
  touchRun(state, record);
}

/** Keeps the run catalog row in step with a newly stored checkpoint. */
function touchRun(state: StoreState, record: CheckpointRecord): void {
  const run = state.runs.rows.get(record.runId);
  if (!run) {
    state.runs.rows.set(record.runId, {
      id: record.runId,
      ...(record.tenantId !== undefined ? { tenantId: record.tenantId } : {}),
      ...(record.workflowId !== undefined ? { workflowId: record.workflowId } : {}),
      status: 'running',
      metadata: {},
      latestSeq: record.seq,
      firstAt: record.createdAt,
      lastAt: record.createdAt,
    });
    return;
  }
  run.latestSeq = Math.max(run.latestSeq, record.seq);
  if (record.createdAt < run.firstAt) run.firstAt = record.createdAt;
  if (record.createdAt > run.lastAt) run.lastAt = record.createdAt;
}

export function runRows(state: StoreState, runId: string, scope: ScopeFilter): CheckpointRecord[] {
  return [...state.checkpoints.inScope(scope)].filter((row) => row.runId === runId).sort(bySeq);
}

export function latestCheckpoint(
  state: StoreState,
  runId: string,
  scope: ScopeFilter,
  branchId: string | null | undefined,
): CheckpointRecord | undefined {
  const last = runRows(state, runId, scope).filter((row) => onBranch(row, branchId)).pop();
  return last ? clone(last) : undefined;
}

export function latestPerBranch(state: StoreState, runId: string, scope: ScopeFilter): CheckpointRecord[] {
  const latest = new Map<string, CheckpointRecord>();
  for (const row of runRows(state, runId, scope)) latest.set(row.branchId ?? '', row);
  return [...latest.values()].sort(bySeq).map(clone);
}

export function listCheckpoints(
  state: StoreState,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointListOptions = {},
): CheckpointRecord[] {
  return runRows(state, runId, scope)
    .filter((row) => onBranch(row, options.branchId))
    .filter((row) => options.afterSeq === undefined || row.seq > options.afterSeq)
    .slice(0, options.limit ?? 100)
    .map(clone);
}

/** A row goes when it meets every given condition; no condition = the whole run, which is tombstoned. */
export function deleteCheckpoints(
  state: StoreState,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
  now: Date = new Date(),
): number {
  const rows = runRows(state, runId, scope);
  const kept = new Set(options.keepLast === undefined ? [] : rows.slice(Math.max(rows.length - options.keepLast, 0)));
  let n = 0;
  for (const row of rows) {
    if (kept.has(row)) continue;
    if (options.olderThan && !(row.createdAt.getTime() < options.olderThan.getTime())) continue;
    state.checkpoints.rows.delete(row.id);
    n++;
  }
  const wholeRun = options.keepLast === undefined && options.olderThan === undefined;
  const run = state.runs.find(runId, tenantScope(scope));
  if (wholeRun && run) run.deletedAt = now;
  return n;
}

export function deleteCheckpointsOlderThan(state: StoreState, olderThan: Date, scope: ScopeFilter): number {
  let n = 0;
  for (const row of [...state.checkpoints.inScope(scope)]) {
    if (row.createdAt.getTime() < olderThan.getTime()) {
      state.checkpoints.rows.delete(row.id);
      n++;
    }
  }
  return n;
}
