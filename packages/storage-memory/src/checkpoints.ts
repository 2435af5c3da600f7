import {
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

/** Synchronous, so two concurrent calls can never read the same max seq (JS runs it in one turn). */
export function saveCheckpoint(state: StoreState, input: NewCheckpoint, now: Date): CheckpointRecord {
  const valid = validateCheckpointInput(input);
  let maxSeq = 0;
  for (const row of state.checkpoints.rows.values()) {
    if (row.runId === valid.runId && row.seq > maxSeq) maxSeq = row.seq;
  }
  const record: CheckpointRecord = { ...valid, seq: maxSeq + 1, createdAt: valid.createdAt ?? now };
  state.checkpoints.insert(record);
  return clone(record);
}

export function runRows(state: StoreState, runId: string, scope: ScopeFilter): CheckpointRecord[] {
  return [...state.checkpoints.inScope(scope)].filter((row) => row.runId === runId).sort(bySeq);
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
    .filter((row) => options.branchId === undefined || row.branchId === options.branchId)
    .filter((row) => options.afterSeq === undefined || row.seq > options.afterSeq)
    .slice(0, options.limit ?? 100)
    .map(clone);
}

/** A row goes when it meets every given condition; no condition = the whole run. */
export function deleteCheckpoints(
  state: StoreState,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
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
