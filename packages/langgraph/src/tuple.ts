import {
  maxChannelVersion,
  TASKS,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type SerializerProtocol,
} from '@langchain/langgraph-checkpoint';
import type { CheckpointRecord, ScopeFilter, StorageBackend } from '@alma/types';
import type { ChannelBlobs } from './blobs.js';
import { decodeParsed, decodeText } from './codec.js';
import { checkpointBranchId } from './keys.js';
import type { CheckpointInfo } from './records.js';
import { decodeChannelValues, decodeWrites, mergeWrites } from './writes.js';

/** What reading needs from the saver. */
export interface ReadContext {
  readonly storage: StorageBackend;
  readonly scope: ScopeFilter;
  readonly serde: SerializerProtocol;
  /** The saver's `getNextVersion`, for the version of migrated pending sends. */
  readonly nextVersion: (current: number | undefined) => number;
  /** Where checkpoints keep their large unchanged channels. */
  readonly blobs: ChannelBlobs;
}

/** Records per listCheckpoints call; longer branches and threads are read page by page. */
export const PAGE_SIZE = 1000;

/** Every record of a run (optionally of one branch / node), in seq order, page by page. */
export async function readAll(
  ctx: ReadContext,
  runId: string,
  options: { branchId?: string; nodeId?: string } = {}
): Promise<CheckpointRecord[]> {
  const scope = options.nodeId === undefined ? ctx.scope : { ...ctx.scope, nodeId: options.nodeId };
  const all: CheckpointRecord[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await ctx.storage.listCheckpoints(runId, scope, {
      ...(options.branchId === undefined ? {} : { branchId: options.branchId }),
      ...(afterSeq === undefined ? {} : { afterSeq }),
      limit: PAGE_SIZE,
    });
    for (const record of page) all.push(record);
    if (page.length < PAGE_SIZE) return all;
    afterSeq = (page[page.length - 1] as CheckpointRecord).seq;
  }
}

export function decodeMetadata(ctx: ReadContext, info: CheckpointInfo): Promise<CheckpointMetadata> {
  return decodeParsed(
    ctx.serde,
    info.metadata_encoding,
    info.metadata,
    `metadata of checkpoint '${info.checkpoint_id}'`
  );
}

/**
 * Checkpoints written before format v4 kept pending sends as writes to TASKS on their parent; LangGraph's savers
 * move them into the checkpoint's channel values on read. `parentWrites` is only called for such checkpoints.
 */
async function migratePendingSends(
  ctx: ReadContext,
  checkpoint: Checkpoint,
  parentWrites: () => Promise<readonly CheckpointRecord[]>
): Promise<void> {
  const sends = await decodeChannelValues(ctx.serde, mergeWrites(await parentWrites()), TASKS);
  checkpoint.channel_values ??= {};
  checkpoint.channel_values[TASKS] = sends;
  checkpoint.channel_versions ??= {};
  const versions = Object.values(checkpoint.channel_versions);
  checkpoint.channel_versions[TASKS] =
    versions.length > 0 ? maxChannelVersion(...versions) : ctx.nextVersion(undefined);
}

/** A LangGraph tuple from a checkpoint record, its writes records and (for old formats) its parent's writes. */
export async function buildTuple(
  ctx: ReadContext,
  record: CheckpointRecord,
  info: CheckpointInfo,
  writes: readonly CheckpointRecord[],
  parentWrites: () => Promise<readonly CheckpointRecord[]>,
  metadata?: CheckpointMetadata
): Promise<CheckpointTuple> {
  const what = `checkpoint '${info.checkpoint_id}' of thread '${info.thread_id}'`;
  const [checkpoint, decodedMetadata, pendingWrites] = await Promise.all([
    decodeText(ctx.serde, info.encoding, record.state, what) as Promise<Checkpoint>,
    metadata ?? decodeMetadata(ctx, info),
    decodeWrites(ctx.serde, mergeWrites(writes)),
  ]);
  await ctx.blobs.restore(record.id, checkpoint, info.blobs, what);
  const parentId = info.parent_checkpoint_id;
  if (checkpoint.v < 4 && parentId !== undefined) await migratePendingSends(ctx, checkpoint, parentWrites);
  const configurable = { thread_id: info.thread_id, checkpoint_ns: info.checkpoint_ns };
  const tuple: CheckpointTuple = {
    config: { configurable: { ...configurable, checkpoint_id: info.checkpoint_id } },
    checkpoint,
    metadata: decodedMetadata,
    pendingWrites,
  };
  if (parentId !== undefined) tuple.parentConfig = { configurable: { ...configurable, checkpoint_id: parentId } };
  return tuple;
}

/** The branch holding a checkpoint's record and its pending-writes records. */
export const branchOf = (info: { checkpoint_ns: string; checkpoint_id: string }): string =>
  checkpointBranchId(info.checkpoint_ns, info.checkpoint_id);
