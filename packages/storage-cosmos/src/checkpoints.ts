import {
  dateSchema,
  matchesScope,
  parseInput,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type ScopeFilter,
} from '@alma/types';
import type { RunHeads } from './checkpoint-write.js';
import type { Doc } from './collection.js';
import { CODECS, fromDoc } from './documents.js';
import { encodeItemId } from './ids.js';
import { parseArgs, parseScope, parseScoped } from './query-schemas.js';
import { changeHead } from './run-commit.js';
import { checkpointSql, headInScope, readHead } from './run-head.js';
import { rebuildHead } from './run-rebuild.js';
import { scopeWhere, type Sql } from './sql.js';
import { deleteRefs, mapLimitRuns, type DocRef, type StoreContext } from './store-context.js';

const codec = CODECS.checkpoint;

/** Checkpoint predicates: the whole scope filter, and the run when given (which also pins the partition). */
function runSql(runId: string | undefined, scope: ScopeFilter): { sql: Sql; pk: string | undefined } {
  const sql = checkpointSql();
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

/** undefined = every branch, null = the main line (no branchId), a string = that branch. */
function onBranch(sql: Sql, branchId: string | null | undefined): void {
  if (branchId === null) sql.where('NOT IS_DEFINED(c.branchId)');
  else if (branchId !== undefined) sql.eq('branchId', branchId);
}

export async function getLatestCheckpoint(
  ctx: StoreContext,
  runId: string,
  scope: ScopeFilter,
  options: { readonly branchId?: string | null } = {},
): Promise<CheckpointRecord | undefined> {
  const filter = parseRun(runId, scope);
  const o = parseArgs('checkpointLatest', options);
  const { sql, pk } = runSql(runId, filter);
  onBranch(sql, o.branchId);
  const [doc] = await ctx.c.checkpoints.queryAll<Doc>(sql.build('*', { top: 1, orderBy: 'c.seq DESC' }), pk);
  return doc ? fromDoc<CheckpointRecord>(codec, doc) : undefined;
}

/**
 * The branch tips the run head names, read by id: one point read each, however long the run. Undefined (ask the
 * checkpoint documents instead) when there is no head, when a tip is gone (a delete between removing documents and
 * rebuilding the head), or when a tip is outside the scope: the branch's latest checkpoint in scope is then an older
 * one (another tenant's write on the same run id, another node), which only the query finds.
 */
async function tipsFromHead(ctx: StoreContext, runId: string, filter: ScopeFilter): Promise<CheckpointRecord[] | undefined> {
  const head = (await readHead(ctx.c.checkpoints, runId))?.head;
  if (head === undefined || head.tips.length === 0) return undefined;
  const found = await Promise.all(head.tips.map((tip) => ctx.c.checkpoints.read(encodeItemId(tip.id), runId)));
  const tips: CheckpointRecord[] = [];
  for (const doc of found) {
    if (doc === undefined) return undefined;
    const record = fromDoc<CheckpointRecord>(codec, doc.doc);
    if (!matchesScope(record, filter)) return undefined;
    tips.push(record);
  }
  return tips.sort((a, b) => a.seq - b.seq);
}

export async function getLatestCheckpointPerBranch(ctx: StoreContext, runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
  const filter = parseRun(runId, scope);
  const fromHead = await tipsFromHead(ctx, runId, filter);
  if (fromHead !== undefined) return fromHead;
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
  onBranch(sql, o.branchId);
  if (o.afterSeq !== undefined) sql.where(`c.seq > ${sql.param(o.afterSeq)}`);
  return records(await ctx.c.checkpoints.queryAll<Doc>(sql.build('*', { top: limit, orderBy: 'c.seq ASC' }), pk));
}

/**
 * Keeps the run head in step after checkpoints were deleted: counters and branch tips are recomputed from what is
 * left (latestSeq, first/last times and the tombstone stay), then the catalog copy follows.
 */
function refreshHeads(ctx: StoreContext, runIds: Iterable<string>): Promise<unknown> {
  return mapLimitRuns([...new Set(runIds)], (runId) => changeHead(ctx, runId, (head) => rebuildHead(ctx.c.checkpoints, runId, head)));
}

/**
 * A checkpoint goes when it meets every given condition. No condition = the whole run: the run is tombstoned first
 * (its head gets `deletedAt`, committed under its ETag), so a write racing the delete either lands before the
 * tombstone and is deleted with the rest, or is refused.
 */
export async function deleteCheckpoints(
  ctx: StoreContext,
  heads: RunHeads,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
): Promise<number> {
  const filter = parseRun(runId, scope);
  const o = parseArgs('checkpointDelete', options);
  heads.forget(runId);
  if (o.keepLast === undefined && o.olderThan === undefined) {
    const now = ctx.now();
    await changeHead(ctx, runId, (head) =>
      headInScope(head, filter) && !head.deletedAt ? { ...head, deletedAt: now, rev: head.rev + 1 } : undefined,
    );
  }
  const { sql, pk } = runSql(runId, filter);
  type Row = DocRef & { seq: number; createdAt: number };
  const rows = await ctx.c.checkpoints.queryAll<Row>(sql.build('c.id, c.runId AS pk, c.almaId, c.seq, c.createdAt'), pk);
  rows.sort((a, b) => a.seq - b.seq);
  const keepFrom = o.keepLast === undefined ? rows.length : Math.max(rows.length - o.keepLast, 0);
  const doomed = rows
    .slice(0, keepFrom)
    .filter((row) => !o.olderThan || row.createdAt < o.olderThan.getTime());
  const deleted = await deleteRefs(ctx.c.checkpoints, doomed);
  if (deleted.length > 0) await refreshHeads(ctx, [runId]);
  heads.forget(runId);
  return deleted.length;
}

export async function deleteCheckpointsOlderThan(
  ctx: StoreContext,
  heads: RunHeads,
  olderThan: Date,
  scope: ScopeFilter,
): Promise<number> {
  const before = parseInput(dateSchema, olderThan, 'olderThan');
  const { sql, pk } = runSql(undefined, parseScope(scope));
  sql.where(`c.createdAt < ${sql.param(before.getTime())}`);
  const refs = await ctx.c.checkpoints.queryAll<DocRef>(sql.build('c.id, c.runId AS pk, c.almaId'), pk);
  heads.forget();
  const deleted = await deleteRefs(ctx.c.checkpoints, refs);
  await refreshHeads(ctx, deleted.map((ref) => ref.pk));
  heads.forget();
  return deleted.length;
}
