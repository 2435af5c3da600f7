import {
  matchesScope,
  tenantScope,
  type CheckpointRecord,
  type RunStatus,
  type RunSummary,
  type ScopeFilter,
} from '@alma/types';
import type { Collection, Doc } from './collection.js';
import type { Codec } from './documents.js';
import { Sql } from './sql.js';

/**
 * The head of a run: one document in the run's partition of the checkpoints container, beside its checkpoints. It
 * is the run's source of truth (tombstone, highest seq, the tip of every branch, counters, status/agent/metadata)
 * and the commit point of every checkpoint write: the checkpoint is created in the same transactional batch that
 * replaces the head under its ETag (see run-commit.ts).
 */
export interface RunHead {
  readonly runId: string;
  readonly tenantId?: string;
  readonly workflowId?: string;
  readonly agent?: string;
  readonly status: RunStatus;
  readonly metadata: Record<string, unknown>;
  /** Highest seq ever assigned (survives retention deletes). */
  readonly latestSeq: number;
  readonly checkpointCount: number;
  readonly stateBytes: number;
  readonly storedBytes: number;
  /** The highest-seq checkpoint of every branch that has one (`branchId: null` = the main line). */
  readonly tips: readonly BranchTip[];
  readonly firstAt: Date;
  readonly lastAt: Date;
  /** Set when the whole run was deleted: the run takes no more checkpoints. */
  readonly deletedAt?: Date;
  /** Bumped by every change; the catalog copy keeps the highest one it was sent. */
  readonly rev: number;
}

export interface BranchTip {
  readonly branchId: string | null;
  readonly id: string;
  readonly seq: number;
}

/** A head as read: `head` undefined = the run has nothing; `etag` undefined = not stored yet (create it). */
export interface LoadedHead {
  readonly head: RunHead | undefined;
  readonly etag: string | undefined;
}

/** Item id of every head (`encodeItemId` never produces a leading `~r`, so no checkpoint id can collide). */
export const HEAD_ID = '~run';
/** Heads carry `kind`; checkpoint documents never do, and every checkpoint query says `NOT IS_DEFINED(c.kind)`. */
export const HEAD_KIND = 'run';
export const HEAD_CODEC: Codec = { what: 'run', dates: [], pkField: 'runId' };

/** A query builder over the checkpoint documents of the checkpoints container (heads left out). */
export const checkpointSql = (): Sql => new Sql().where('NOT IS_DEFINED(c.kind)');

const ms = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime());

export function headToDoc(head: RunHead): Doc {
  const { firstAt, lastAt, deletedAt, tips, ...rest } = head;
  const doc: Record<string, unknown> = {
    ...rest,
    id: HEAD_ID,
    kind: HEAD_KIND,
    tips: tips.map((t) => ({ b: t.branchId, id: t.id, seq: t.seq })),
    firstAt: ms(firstAt),
    lastAt: ms(lastAt),
    deletedAt: ms(deletedAt),
  };
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc as Doc;
}

export function headFromDoc(doc: Doc): RunHead {
  const d = doc as Record<string, unknown>;
  const opt = (key: string): Record<string, unknown> => (typeof d[key] === 'string' ? { [key]: d[key] } : {});
  return {
    runId: d['runId'] as string,
    ...opt('tenantId'),
    ...opt('workflowId'),
    ...opt('agent'),
    status: d['status'] as RunStatus,
    metadata: (d['metadata'] as Record<string, unknown> | undefined) ?? {},
    latestSeq: d['latestSeq'] as number,
    checkpointCount: d['checkpointCount'] as number,
    stateBytes: d['stateBytes'] as number,
    storedBytes: d['storedBytes'] as number,
    tips: ((d['tips'] as { b: string | null; id: string; seq: number }[] | undefined) ?? []).map((t) => ({
      branchId: t.b ?? null,
      id: t.id,
      seq: t.seq,
    })),
    firstAt: new Date(d['firstAt'] as number),
    lastAt: new Date(d['lastAt'] as number),
    ...(typeof d['deletedAt'] === 'number' ? { deletedAt: new Date(d['deletedAt']) } : {}),
    rev: (d['rev'] as number | undefined) ?? 0,
  };
}

/** The tip of a branch (null = the main line). */
export const tipOf = (head: RunHead | undefined, branchId: string | null): BranchTip | undefined =>
  head?.tips.find((t) => t.branchId === branchId);

/** Does the run belong to the tenant part of the filter (runs are tenant-isolated)? */
export const headInScope = (head: RunHead, scope: ScopeFilter): boolean =>
  matchesScope(head.tenantId === undefined ? {} : { tenantId: head.tenantId }, tenantScope(scope));

/** The head after one more stored checkpoint (a new run starts `running`, owned by its first checkpoint's tenant). */
export function withCheckpoint(head: RunHead | undefined, record: CheckpointRecord, storedBytes: number): RunHead {
  const base: RunHead = head ?? {
    runId: record.runId,
    ...(record.tenantId !== undefined ? { tenantId: record.tenantId } : {}),
    ...(record.workflowId !== undefined ? { workflowId: record.workflowId } : {}),
    status: 'running',
    metadata: {},
    latestSeq: 0,
    checkpointCount: 0,
    stateBytes: 0,
    storedBytes: 0,
    tips: [],
    firstAt: record.createdAt,
    lastAt: record.createdAt,
    rev: 0,
  };
  const branchId = record.branchId ?? null;
  const tip = tipOf(base, branchId);
  const tips = tip && tip.seq > record.seq ? base.tips : [...base.tips.filter((t) => t !== tip), { branchId, id: record.id, seq: record.seq }];
  return {
    ...base,
    latestSeq: Math.max(base.latestSeq, record.seq),
    checkpointCount: base.checkpointCount + 1,
    stateBytes: base.stateBytes + record.stateSizeBytes,
    storedBytes: base.storedBytes + storedBytes,
    tips,
    firstAt: record.createdAt < base.firstAt ? record.createdAt : base.firstAt,
    lastAt: record.createdAt > base.lastAt ? record.createdAt : base.lastAt,
    rev: base.rev + 1,
  };
}

/** What the run catalog reports for a head. */
export function summaryOf(head: RunHead): RunSummary {
  return {
    runId: head.runId,
    ...(head.tenantId !== undefined ? { tenantId: head.tenantId } : {}),
    ...(head.workflowId !== undefined ? { workflowId: head.workflowId } : {}),
    ...(head.agent !== undefined ? { agent: head.agent } : {}),
    status: head.status,
    metadata: structuredClone(head.metadata),
    checkpointCount: head.checkpointCount,
    latestSeq: head.latestSeq,
    stateBytes: head.stateBytes,
    storedBytes: head.storedBytes,
    branches: head.tips.flatMap((t) => (t.branchId === null ? [] : [t.branchId])).sort(),
    firstAt: new Date(head.firstAt.getTime()),
    lastAt: new Date(head.lastAt.getTime()),
  };
}

/** The stored head of a run, with its ETag. */
export async function readHead(coll: Collection, runId: string): Promise<LoadedHead | undefined> {
  const found = await coll.read(HEAD_ID, runId);
  return found ? { head: headFromDoc(found.doc), etag: found.etag } : undefined;
}
