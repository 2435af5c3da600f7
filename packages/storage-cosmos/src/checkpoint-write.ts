import {
  checkpointRecordSchema,
  ConflictError,
  deepClone,
  parseInput,
  StaleCheckpointError,
  validateCheckpointInput,
  type CheckpointRecord,
  type NewCheckpoint,
} from '@alma/types';
import type { Collection, Doc } from './collection.js';
import { assertFits, CODECS, toDoc } from './documents.js';
import { encodeItemId } from './ids.js';
import { commitRun, syncCatalog } from './run-commit.js';
import { checkpointSql, tipOf, withCheckpoint, type LoadedHead, type RunHead } from './run-head.js';
import { loadHead } from './run-rebuild.js';
import type { StoreContext } from './store-context.js';

const codec = CODECS.checkpoint;
/** Commit attempts of one checkpoint write before it gives up under extreme contention. */
export const MAX_SEQ_ATTEMPTS = 100;

/** Serialises async work per key (this process's writers of one run take turns; other processes race via ETags). */
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
 * Per-store write state: the run lock, and the head (with its ETag) this store last committed per run, so that
 * sequential writes cost one request. A cached head that another process has moved past only costs a failed batch
 * (412) and a re-read; a refusal (tombstone, stale tip) is only ever decided on a freshly read head.
 */
export class RunHeads {
  readonly lock = new KeyedLock();
  private readonly cache = new Map<string, LoadedHead & { catalogEtag?: string }>();
  static readonly MAX_CACHED = 10_000;

  get(runId: string): LoadedHead | undefined {
    return this.cache.get(runId);
  }
  /** The ETag of the run's catalog document as this store last wrote it. */
  catalogEtag(runId: string): string | undefined {
    return this.cache.get(runId)?.catalogEtag;
  }
  remember(head: RunHead, etag: string | undefined, catalogEtag?: string): void {
    this.cache.delete(head.runId);
    if (etag === undefined) return;
    this.cache.set(head.runId, { head, etag, ...(catalogEtag === undefined ? {} : { catalogEtag }) });
    if (this.cache.size > RunHeads.MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
  forget(runId?: string): void {
    if (runId === undefined) this.cache.clear();
    else this.cache.delete(runId);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Highest checkpoint seq stored in the run (0 when it has none): single partition, `TOP 1 ... ORDER BY c.seq DESC`. */
export async function maxSeq(coll: Collection, runId: string): Promise<number> {
  const sql = checkpointSql().eq('runId', runId);
  const [top] = await coll.queryAll<number>(sql.build('VALUE c.seq', { top: 1, orderBy: 'c.seq DESC' }), runId);
  return typeof top === 'number' ? top : 0;
}

/** Why a write may not continue from this head: the run is tombstoned, or the branch tip is not the expected one. */
function refusal(head: RunHead | undefined, record: { runId: string; branchId?: string }, expected: string | null | undefined): Error | undefined {
  if (head?.deletedAt) {
    return new ConflictError(`Run '${record.runId}' was deleted at ${head.deletedAt.toISOString()}; it takes no more checkpoints.`);
  }
  if (expected === undefined) return undefined;
  const tip = tipOf(head, record.branchId ?? null);
  if ((tip?.id ?? null) === expected) return undefined;
  return new StaleCheckpointError(record.runId, record.branchId, expected ?? '(none)', tip?.id);
}

/** One commit attempt's plan: the checkpoint (and its document) to create on top of the loaded head. */
type Plan = (head: RunHead | undefined) => { record: CheckpointRecord; doc: Doc };

/**
 * The write loop shared by save and restore: take the cached head (or read it), check it, commit the checkpoint
 * together with the next head, start over when the head moved. `onConflict` decides what a 409 on the checkpoint
 * create means (a duplicate id, or a seq taken by someone who does not keep the head) and may raise the seq floor.
 */
async function commitCheckpoint(
  ctx: StoreContext,
  heads: RunHeads,
  runId: string,
  check: (head: RunHead | undefined) => Error | undefined,
  plan: Plan,
  onConflict: (record: CheckpointRecord, head: RunHead | undefined) => Promise<void>,
): Promise<CheckpointRecord> {
  const coll = ctx.c.checkpoints;
  let loaded = heads.get(runId);
  let fresh = false;
  for (let attempt = 1; attempt <= MAX_SEQ_ATTEMPTS; attempt++) {
    if (!loaded) [loaded, fresh] = [await loadHead(coll, runId), true];
    const refused = check(loaded.head);
    if (refused) {
      if (fresh) throw refused;
      loaded = undefined; // the cached head may be behind: decide on a fresh one
      continue;
    }
    const { record, doc } = plan(loaded.head);
    const next = withCheckpoint(loaded.head, record, doc['storedBytes'] as number);
    const result = await commitRun(coll, next, loaded.etag, [doc]);
    if (result.ok) {
      // The checkpoint is committed: a failed catalog sync must not report the write as failed (a retry would
      // store it twice); the catalog copy catches up with the run's next change.
      const catalogEtag = await syncCatalog(ctx, next, heads.catalogEtag(runId)).catch(() => undefined);
      heads.remember(next, result.etag, catalogEtag);
      return deepClone(record);
    }
    heads.forget(runId);
    loaded = undefined;
    if (result.conflictAt === 0) {
      [loaded, fresh] = [await loadHead(coll, runId), true];
      await onConflict(record, loaded.head);
    }
    if (attempt >= 3) await sleep(Math.random() * Math.min(50, 2 * attempt)); // spread out a thundering herd
  }
  throw new ConflictError(`Could not commit a checkpoint to run '${runId}' after ${MAX_SEQ_ATTEMPTS} attempts (too many concurrent writers).`);
}

/**
 * Stores a checkpoint with the next seq of its run, atomically with the run head: the tombstone and the
 * `expectedLatestId` tip check are decided on the head the commit replaces under its ETag, so a concurrent write of
 * the run (in any process) makes this attempt fail and start over instead of slipping in between.
 */
export async function saveCheckpoint(ctx: StoreContext, heads: RunHeads, input: NewCheckpoint): Promise<CheckpointRecord> {
  const { expectedLatestId, ...valid } = validateCheckpointInput(input);
  const base = { ...valid, createdAt: valid.createdAt ?? ctx.now() };
  assertFits(codec, toDoc(codec, { ...base, seq: Number.MAX_SAFE_INTEGER })); // before any request
  const coll = ctx.c.checkpoints;
  let seqFloor = 0;
  return heads.lock.run(base.runId, () =>
    commitCheckpoint(
      ctx,
      heads,
      base.runId,
      (head) => refusal(head, base, expectedLatestId),
      (head) => {
        const record: CheckpointRecord = { ...base, seq: Math.max(head?.latestSeq ?? 0, seqFloor) + 1 };
        return { record, doc: toDoc(codec, record) };
      },
      async (record, head) => {
        if (await coll.read(encodeItemId(base.id), base.runId)) {
          throw new ConflictError(`A checkpoint with id '${base.id}' already exists in run '${base.runId}'.`);
        }
        // Usually another writer took the seq and the fresh head says so. If even the fresh head does not know it, a
        // writer that predates run heads did: step over every seq stored.
        if ((head?.latestSeq ?? 0) < record.seq) seqFloor = Math.max(record.seq, await maxSeq(coll, base.runId));
      },
    ),
  );
}

/** Restore path of an import: the record as exported (id, seq, createdAt kept); ConflictError when id or seq exists. */
export async function restoreCheckpoint(ctx: StoreContext, heads: RunHeads, input: CheckpointRecord): Promise<void> {
  const record = parseInput(checkpointRecordSchema, input, 'checkpoint') as CheckpointRecord;
  const doc = toDoc(codec, record);
  assertFits(codec, doc);
  await heads.lock.run(record.runId, () =>
    commitCheckpoint(
      ctx,
      heads,
      record.runId,
      (head) => refusal(head, record, undefined),
      () => ({ record, doc }),
      async () => {
        throw new ConflictError(`Run '${record.runId}' already has a checkpoint with id '${record.id}' or seq ${record.seq}.`);
      },
    ),
  );
}
