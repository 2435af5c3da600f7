import type { Collection } from './collection.js';
import { checkpointSql, readHead, type BranchTip, type LoadedHead, type RunHead } from './run-head.js';

/** What a head is recomputed from: one row per checkpoint of the run, without its state. */
interface Row {
  almaId: string;
  seq: number;
  branchId?: string;
  stateSizeBytes: number;
  storedBytes?: number;
  createdAt: number;
  tenantId?: string;
  workflowId?: string;
}

/**
 * Checkpoints written before contract v2 carry no `storedBytes`: weigh their states, one page at a time (a one-off
 * cost for runs that predate run heads).
 */
async function weighLegacyStates(coll: Collection, runId: string, rows: Row[]): Promise<void> {
  if (rows.every((row) => typeof row.storedBytes === 'number')) return;
  const sql = checkpointSql().eq('runId', runId).where('NOT IS_DEFINED(c.storedBytes)');
  const sizes = new Map<string, number>();
  for await (const page of coll.pages<{ almaId: string; state: string }>(sql.build('c.almaId, c.state'), { partitionKey: runId })) {
    for (const row of page) sizes.set(row.almaId, Buffer.byteLength(row.state, 'utf8'));
  }
  for (const row of rows) row.storedBytes ??= sizes.get(row.almaId) ?? 0;
}

/**
 * Recomputes the counters and branch tips of a run from its checkpoint documents (single-partition query). With a
 * `base` (the stored head) its identity, status, agent, metadata, latestSeq, first/last times and tombstone are
 * kept, as retention deletes leave them; without one (a run written before heads existed) they are derived from
 * the checkpoints. Undefined when there is neither a head nor a checkpoint.
 */
export async function rebuildHead(coll: Collection, runId: string, base: RunHead | undefined): Promise<RunHead | undefined> {
  const sql = checkpointSql().eq('runId', runId);
  const select = 'c.almaId, c.seq, c.branchId, c.stateSizeBytes, c.storedBytes, c.createdAt, c.tenantId, c.workflowId';
  const rows = await coll.queryAll<Row>(sql.build(select, { orderBy: 'c.seq ASC' }), runId);
  rows.sort((a, b) => a.seq - b.seq);
  const first = rows[0];
  if (!base && !first) return undefined;
  await weighLegacyStates(coll, runId, rows);
  const tips = new Map<string | null, BranchTip>();
  let stateBytes = 0;
  let storedBytes = 0;
  for (const row of rows) {
    stateBytes += row.stateSizeBytes;
    storedBytes += row.storedBytes ?? 0;
    tips.set(row.branchId ?? null, { branchId: row.branchId ?? null, id: row.almaId, seq: row.seq });
  }
  const counters = { checkpointCount: rows.length, stateBytes, storedBytes, tips: [...tips.values()] };
  const maxSeq = rows.reduce((max, row) => Math.max(max, row.seq), 0);
  if (base) return { ...base, ...counters, latestSeq: Math.max(base.latestSeq, maxSeq), rev: base.rev + 1 };
  const origin = first as Row;
  const firstAt = rows.reduce((min, row) => Math.min(min, row.createdAt), origin.createdAt);
  const lastAt = rows.reduce((max, row) => Math.max(max, row.createdAt), origin.createdAt);
  return {
    runId,
    ...(origin.tenantId !== undefined ? { tenantId: origin.tenantId } : {}),
    ...(origin.workflowId !== undefined ? { workflowId: origin.workflowId } : {}),
    status: 'running',
    metadata: {},
    latestSeq: maxSeq,
    ...counters,
    firstAt: new Date(firstAt),
    lastAt: new Date(lastAt),
    rev: 0,
  };
}

/**
 * The stored head, or (for a run whose checkpoints predate heads) one computed from its checkpoints and not stored
 * yet (`etag` undefined: the next commit creates it). `head` is undefined for a run that has nothing.
 */
export async function loadHead(coll: Collection, runId: string): Promise<LoadedHead> {
  return (await readHead(coll, runId)) ?? { head: await rebuildHead(coll, runId, undefined), etag: undefined };
}
