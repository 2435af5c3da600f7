import type { CheckpointRecord } from '@alma/types';
import { snapshotSeqOf } from './delta-codec.js';

/** What retention needs to know of a stored checkpoint. */
export interface PlanRow {
  readonly id: string;
  readonly seq: number;
  /** null = the main line. */
  readonly branch: string | null;
  readonly createdAt: Date;
  /** Seq of the snapshot the row needs to be decoded: its own for a snapshot; 0 for an unreadable delta. */
  readonly snapshotSeq: number;
}

export function toPlanRow(record: CheckpointRecord): PlanRow {
  let snapshotSeq = record.seq;
  if (record.encoding === 'delta') {
    try {
      snapshotSeq = snapshotSeqOf(record.state);
    } catch {
      snapshotSeq = 0; // cannot tell: keep everything before it
    }
  }
  return { id: record.id, seq: record.seq, branch: record.branchId ?? null, createdAt: record.createdAt, snapshotSeq };
}

/** The rows to delete (a seq prefix of the run) and to keep. */
export interface RetentionPlan {
  readonly remove: readonly PlanRow[];
  readonly keep: readonly PlanRow[];
  /** Rows the policy selected that are kept: the snapshots (and deltas) kept rows need, or rows after one of them. */
  readonly spared: number;
}

/**
 * Turns "which rows the policy wants gone" into what can safely go. Stores delete a run's checkpoints by seq
 * (`keepLast`) and age, so the deletion is the longest seq prefix of wanted rows; then, so that every kept
 * checkpoint stays decodable, the cut moves back to the snapshot the oldest kept delta of each branch builds on
 * (repeated until stable: moving the cut can expose another branch's older delta). Rows sorted by seq.
 */
export function planPrefix(rows: readonly PlanRow[], wanted: readonly boolean[]): RetentionPlan {
  let cut = wanted.indexOf(false);
  if (cut < 0) cut = rows.length;
  for (;;) {
    const cutSeq = rows[cut]?.seq ?? Number.POSITIVE_INFINITY;
    const seen = new Set<string | null>();
    let needed = cutSeq;
    for (let i = cut; i < rows.length; i++) {
      const row = rows[i] as PlanRow;
      if (seen.has(row.branch)) continue;
      seen.add(row.branch);
      needed = Math.min(needed, row.snapshotSeq);
    }
    const next = needed < cutSeq ? rows.findIndex((row) => row.seq >= needed) : cut;
    if (next >= cut) break;
    cut = next;
  }
  const spared = wanted.slice(cut).filter(Boolean).length;
  return { remove: rows.slice(0, cut), keep: rows.slice(cut), spared };
}

/** Run-wide conditions (`cleanup()`): all but the `keepLast` highest seqs, and older than `olderThan` — both. */
export function runWideWanted(rows: readonly PlanRow[], keepLast?: number, olderThan?: Date): boolean[] {
  const keepFrom = keepLast === undefined ? rows.length : Math.max(rows.length - keepLast, 0);
  const cutoff = olderThan?.getTime();
  return rows.map((row, i) => i < keepFrom && (cutoff === undefined || row.createdAt.getTime() < cutoff));
}

/** Retention policies (`prune()`): beyond the `keepLast` latest of its branch, or older than `olderThan` — either. */
export function perBranchWanted(rows: readonly PlanRow[], keepLast?: number, olderThan?: Date): boolean[] {
  const remaining = new Map<string | null, number>();
  const rankFromEnd: number[] = new Array<number>(rows.length);
  for (let i = rows.length - 1; i >= 0; i--) {
    const branch = (rows[i] as PlanRow).branch;
    const rank = remaining.get(branch) ?? 0;
    rankFromEnd[i] = rank;
    remaining.set(branch, rank + 1);
  }
  const cutoff = olderThan?.getTime();
  return rows.map(
    (row, i) =>
      (keepLast !== undefined && (rankFromEnd[i] as number) >= keepLast) ||
      (cutoff !== undefined && row.createdAt.getTime() < cutoff),
  );
}
