import type { JSONObject, OperationInput, OperationResponse } from '@azure/cosmos';
import { ConflictError, StorageError } from '@alma/types';
import type { Collection, Doc } from './collection.js';
import { assertFits, CODECS, toDoc } from './documents.js';
import { ADAPTER } from './errors.js';
import { HEAD_CODEC, HEAD_ID, headToDoc, readHead, summaryOf, type RunHead } from './run-head.js';
import { loadHead, rebuildHead } from './run-rebuild.js';
import { tenantPartition } from './sql.js';
import { MAX_UPDATE_ATTEMPTS, type StoreContext } from './store-context.js';

/** `etag`: the head's new ETag. `conflictAt`: the index of a create that hit an existing id or seq (409). */
export type CommitResult =
  | { readonly ok: true; readonly etag: string | undefined }
  | { readonly ok: false; readonly conflictAt?: number };

const succeeded = (r: OperationResponse | undefined): boolean => r !== undefined && r.statusCode >= 200 && r.statusCode < 300;
const create = (doc: Doc): OperationInput => ({ operationType: 'Create', resourceBody: doc as unknown as JSONObject });

/**
 * The commit point of every change to a run: one transactional batch in the run's partition that replaces the head
 * under the ETag it was read with (or creates it when `etag` is undefined), then creates `creates` (checkpoints).
 * Cosmos DB applies such a batch atomically: if the head changed since it was read (412, or 409 on its create) or a
 * create hits an existing id or seq (409), nothing is written. `conflictAt` is the index in `creates`.
 *
 * The protocol test server applies the operations in order and rolls nothing back. With the head first, a head that
 * moved stops the batch before any create; only a create that fails after the head went through (a duplicate id,
 * or a seq taken by a pre-v2 writer) leaves a head that counts it, which `repairHead` then recomputes.
 */
export async function commitRun(coll: Collection, next: RunHead, etag: string | undefined, creates: readonly Doc[] = []): Promise<CommitResult> {
  const headDoc = headToDoc(next);
  assertFits(HEAD_CODEC, headDoc);
  const headOp: OperationInput =
    etag === undefined
      ? create(headDoc)
      : {
          operationType: 'Replace',
          id: HEAD_ID,
          partitionKey: next.runId, // the batch's partition; the test server insists on it per operation
          resourceBody: headDoc as unknown as JSONObject,
          ifMatch: etag,
        };
  const operations = [headOp, ...creates.map(create)];
  const results = await coll.batch(operations, next.runId);
  if (results.length === operations.length && results.every(succeeded)) return { ok: true, etag: results[0]?.eTag };
  const failedAt = results.findIndex((r) => !succeeded(r) && r.statusCode !== 424);
  const status = results[failedAt]?.statusCode;
  if (failedAt === 0 && (status === 412 || status === 409 || status === 404)) return { ok: false };
  if (failedAt > 0 && status === 409) {
    if (succeeded(results[0])) await repairHead(coll, next.runId); // test server: no rollback of the head
    return { ok: false, conflictAt: failedAt - 1 };
  }
  throw new StorageError(ADAPTER, `commit run '${next.runId}' failed [${status ?? 'no result'}]: transactional batch rejected.`, {
    details: { status, operation: failedAt },
  });
}

/** Recomputes a head from the run's checkpoints (for a server that committed half a batch). */
async function repairHead(coll: Collection, runId: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const loaded = await readHead(coll, runId);
    if (!loaded) return;
    const rebuilt = await rebuildHead(coll, runId, loaded.head);
    if (!rebuilt || (await commitRun(coll, rebuilt, loaded.etag)).ok) return;
  }
}

/**
 * Optimistic read-modify-write of a run head: `change` returns the new head (or undefined: nothing to do), which is
 * committed under the ETag it was read with; another writer in between makes the attempt start over. Then the
 * catalog copy follows. Returns the committed head.
 */
export async function changeHead(
  ctx: StoreContext,
  runId: string,
  change: (head: RunHead) => RunHead | undefined | Promise<RunHead | undefined>,
): Promise<RunHead | undefined> {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const loaded = await loadHead(ctx.c.checkpoints, runId);
    if (!loaded.head) return undefined;
    const next = await change(loaded.head);
    if (!next) return undefined;
    if ((await commitRun(ctx.c.checkpoints, next, loaded.etag)).ok) {
      await syncCatalog(ctx, next);
      return next;
    }
  }
  throw new ConflictError(`Run '${runId}' changed under ${MAX_UPDATE_ATTEMPTS} consecutive update attempts; nothing was written.`);
}

/** The run catalog's document of a head (tenant partition; `rev` orders the copies, `deletedAt` hides the run). */
export function catalogDoc(head: RunHead): Doc {
  const record = { ...summaryOf(head), id: head.runId, rev: head.rev, ...(head.deletedAt ? { deletedAt: head.deletedAt } : {}) };
  return toDoc(CODECS.run, record);
}

/**
 * Brings the run's catalog document (what `listRuns` reads, in the tenant's partition) up to `head`. A copy of a
 * later revision is never overwritten with an earlier one, so concurrent writers converge on the newest head.
 * `etagHint` (the ETag this store last wrote) saves the read when nobody else wrote in between. Returns the new ETag
 * when it is known.
 */
export async function syncCatalog(ctx: StoreContext, head: RunHead, etagHint?: string): Promise<string | undefined> {
  const coll = ctx.c.runs;
  const doc = catalogDoc(head);
  const pk = tenantPartition(head.tenantId);
  if (etagHint !== undefined) {
    const replaced = await coll.replaceIfMatch(doc, etagHint, pk);
    if (replaced.outcome === 'ok') return replaced.etag;
  }
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const found = await coll.read(doc.id, pk);
    if (found && Number(found.doc['rev']) >= head.rev) return undefined;
    if (!found && (await coll.create(doc))) return undefined;
    if (found) {
      const replaced = await coll.replaceIfMatch(doc, found.etag, pk);
      if (replaced.outcome === 'ok') return replaced.etag;
    }
  }
  throw new ConflictError(`The catalog entry of run '${head.runId}' changed under ${MAX_UPDATE_ATTEMPTS} consecutive attempts.`);
}
