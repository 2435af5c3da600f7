import {
  ConflictError,
  dateSchema,
  deepClone,
  parseInput,
  validateCheckpointInput,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type NewCheckpoint,
  type ScopeFilter,
} from '@alma/types';
import type { Collection, Doc } from './collection.js';
import { assertFits, CODECS, fromDoc, toDoc } from './documents.js';
import { encodeItemId } from './ids.js';
import { parseArgs, parseScope, parseScoped } from './query-schemas.js';
import { scopeWhere, Sql } from './sql.js';
import { deleteRefs, type DocRef, type StoreContext } from './store-context.js';

const codec = CODECS.checkpoint;
/** Create attempts of one saveCheckpoint before it gives up under extreme contention. */
export const MAX_SEQ_ATTEMPTS = 100;

/** Serialises async work per key (this process's writers of one run take turns; other processes race via 409). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * Per-store seq state: the run lock, and the last seq this store wrote per run (a hint that saves the max-seq
 * query on the next write; a stale hint only costs a 409 and a re-read). Deletes drop the hints they touch.
 */
export class RunSequencer {
  readonly lock = new KeyedLock();
  private readonly last = new Map<string, number>();
  static readonly MAX_HINTS = 10_000;

  hint(runId: string): number | undefined {
    return this.last.get(runId);
  }
  remember(runId: string, seq: number): void {
    this.last.delete(runId);
    this.last.set(runId, seq);
    if (this.last.size > RunSequencer.MAX_HINTS) this.last.delete(this.last.keys().next().value as string);
  }
  forget(runId?: string): void {
    if (runId === undefined) this.last.clear();
    else this.last.delete(runId);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Highest seq of the run (0 when it has none): a single-partition `TOP 1 ... ORDER BY c.seq DESC`. */
export async function maxSeq(coll: Collection, runId: string): Promise<number> {
  const sql = new Sql().eq('runId', runId);
  const [top] = await coll.queryAll<number>(sql.build('VALUE c.seq', { top: 1, orderBy: 'c.seq DESC' }), runId);
  return typeof top === 'number' ? top : 0;
}

/**
 * Seq assignment that is safe under concurrent writers in any number of processes: the run's partition has a
 * unique key on `/seq`, so a create with a seq someone else took fails with 409 and this writer moves on to the
 * next free one. A 409 whose checkpoint id already exists in the run is a duplicate id (ConflictError).
 */
export async function saveCheckpoint(ctx: StoreContext, seqs: RunSequencer, input: NewCheckpoint): Promise<CheckpointRecord> {
  const valid = validateCheckpointInput(input);
  const base = { ...valid, createdAt: valid.createdAt ?? ctx.now() };
  assertFits(codec, toDoc(codec, { ...base, seq: Number.MAX_SAFE_INTEGER })); // before any request
  return seqs.lock.run(base.runId, async () => {
    const coll = ctx.c.checkpoints;
    let seq = (seqs.hint(base.runId) ?? (await maxSeq(coll, base.runId))) + 1;
    for (let attempt = 1; attempt <= MAX_SEQ_ATTEMPTS; attempt++) {
      const record: CheckpointRecord = { ...base, seq };
      if (await coll.create(toDoc(codec, record))) {
        seqs.remember(base.runId, seq);
        return deepClone(record);
      }
      if (await coll.read(encodeItemId(base.id), base.runId)) {
        throw new ConflictError(`A checkpoint with id '${base.id}' already exists in run '${base.runId}'.`);
      }
      seq = Math.max(seq + 1, (await maxSeq(coll, base.runId)) + 1);
      if (attempt >= 3) await sleep(Math.random() * Math.min(50, 2 * attempt)); // spread out a thundering herd
    }
    throw new ConflictError(
      `Could not assign a seq in run '${base.runId}' after ${MAX_SEQ_ATTEMPTS} attempts (too many concurrent writers).`,
    );
  });
}

/** Checkpoint predicates: the whole scope filter, and the run when given (which also pins the partition). */
function runSql(runId: string | undefined, scope: ScopeFilter): { sql: Sql; pk: string | undefined } {
  const sql = new Sql();
  scopeWhere(sql, scope, false);
  if (runId !== undefined) sql.eq('runId', runId);
  return { sql, pk: runId ?? scope.runId };
}

const parseRun = (runId: string, scope: ScopeFilter): ScopeFilter => parseScoped(runId, scope, 'run');
const records = (docs: Doc[]): CheckpointRecord[] => docs.map((d) => fromDoc<CheckpointRecord>(codec, d));

export async function getCheckpoint(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
  const { sql, pk } = runSql(undefined, parseScoped(id, scope, 'checkpoint'));
  sql.eq('id', encodeItemId(id));
  const [doc] = await ctx.c.checkpoints.queryAll<Doc>(sql.build('*', { top: 1, orderBy: 'c.seq ASC' }), pk);
  return doc ? fromDoc<CheckpointRecord>(codec, doc) : undefined;
}

export async function getLatestCheckpoint(ctx: StoreContext, runId: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
  const { sql, pk } = runSql(runId, parseRun(runId, scope));
  const [doc] = await ctx.c.checkpoints.queryAll<Doc>(sql.build('*', { top: 1, orderBy: 'c.seq DESC' }), pk);
  return doc ? fromDoc<CheckpointRecord>(codec, doc) : undefined;
}

export async function getLatestCheckpointPerBranch(ctx: StoreContext, runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
  const filter = parseRun(runId, scope);
  const { sql, pk } = runSql(runId, filter);
  const heads = new Map<string, { id: string; seq: number }>();
  for (const row of await ctx.c.checkpoints.queryAll<{ id: string; seq: number; branchId?: string }>(
    sql.build('c.id, c.seq, c.branchId'),
    pk,
  )) {
    const head = heads.get(row.branchId ?? '');
    if (!head || row.seq > head.seq) heads.set(row.branchId ?? '', row);
  }
  if (heads.size === 0) return [];
  const fetch = runSql(runId, filter);
  fetch.sql.in('id', [...heads.values()].map((h) => h.id));
  const docs = await ctx.c.checkpoints.queryAll<Doc>(fetch.sql.build('*'), fetch.pk);
  const wanted = new Set([...heads.values()].map((h) => h.seq));
  return records(docs.filter((d) => wanted.has(d['seq'] as number))).sort((a, b) => a.seq - b.seq);
}

export async function listCheckpoints(
  ctx: StoreContext,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointListOptions = {},
): Promise<CheckpointRecord[]> {
  const filter = parseRun(runId, scope);
  const o = parseArgs('checkpointList', options);
  const limit = o.limit ?? 100;
  if (limit === 0) return [];
  const { sql, pk } = runSql(runId, filter);
  if (o.branchId !== undefined) sql.eq('branchId', o.branchId);
  if (o.afterSeq !== undefined) sql.where(`c.seq > ${sql.param(o.afterSeq)}`);
  return records(await ctx.c.checkpoints.queryAll<Doc>(sql.build('*', { top: limit, orderBy: 'c.seq ASC' }), pk));
}

export async function deleteCheckpoints(
  ctx: StoreContext,
  seqs: RunSequencer,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
): Promise<number> {
  const filter = parseRun(runId, scope);
  const o = parseArgs('checkpointDelete', options);
  const { sql, pk } = runSql(runId, filter);
  type Row = DocRef & { seq: number; createdAt: number };
  const rows = await ctx.c.checkpoints.queryAll<Row>(sql.build('c.id, c.runId AS pk, c.almaId, c.seq, c.createdAt'), pk);
  rows.sort((a, b) => a.seq - b.seq);
  const keepFrom = o.keepLast === undefined ? rows.length : Math.max(rows.length - o.keepLast, 0);
  const doomed = rows
    .slice(0, keepFrom)
    .filter((row) => !o.olderThan || row.createdAt < o.olderThan.getTime());
  seqs.forget(runId);
  return (await deleteRefs(ctx.c.checkpoints, doomed)).length;
}

export async function deleteCheckpointsOlderThan(
  ctx: StoreContext,
  seqs: RunSequencer,
  olderThan: Date,
  scope: ScopeFilter,
): Promise<number> {
  const before = parseInput(dateSchema, olderThan, 'olderThan');
  const { sql, pk } = runSql(undefined, parseScope(scope));
  sql.where(`c.createdAt < ${sql.param(before.getTime())}`);
  const refs = await ctx.c.checkpoints.queryAll<DocRef>(sql.build('c.id, c.runId AS pk, c.almaId'), pk);
  seqs.forget();
  return (await deleteRefs(ctx.c.checkpoints, refs)).length;
}
