import { isDeepStrictEqual } from 'node:util';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { CheckpointListOptions, CheckpointMetadata, CheckpointTuple } from '@langchain/langgraph-checkpoint';
import { ValidationError, type CheckpointRecord } from '@alma/types';
import { listFilterOf, readCheckpointId, type ListFilter } from './config.js';
import { threadRegistryRunId, threadRunId } from './keys.js';
import { checkpointInfoOf, registeredThreadOf, writesInfoOf, type CheckpointInfo } from './records.js';
import { branchOf, buildTuple, decodeMetadata, readAll, type ReadContext } from './tuple.js';

interface Candidate {
  readonly record: CheckpointRecord;
  readonly info: CheckpointInfo;
  readonly writesByBranch: ReadonlyMap<string, CheckpointRecord[]>;
}

function readLimit(limit: unknown): number | undefined {
  if (limit === undefined || limit === null) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new ValidationError('AlmaCheckpointSaver.list: options.limit must be a non-negative integer.', [
      { path: 'options.limit', message: 'must be a non-negative integer' },
    ]);
  }
  return limit;
}

/** The threads of the saver's tenant, from the thread registry (every thread that was ever written). */
async function registeredThreads(ctx: ReadContext): Promise<string[]> {
  const threads = new Set<string>();
  for (const record of await readAll(ctx, threadRegistryRunId(ctx.scope.tenantId))) {
    const thread = registeredThreadOf(record);
    if (thread !== undefined) threads.add(thread);
  }
  return [...threads];
}

/** The thread's checkpoints that pass the coordinate filters, with the thread's writes grouped by branch. */
async function threadCandidates(ctx: ReadContext, threadId: string, f: ListFilter, beforeId?: string) {
  const checkpoints: Candidate[] = [];
  const writesByBranch = new Map<string, CheckpointRecord[]>();
  for (const record of await readAll(ctx, threadRunId(threadId))) {
    const info = checkpointInfoOf(record);
    if (info === undefined) {
      if (writesInfoOf(record) === undefined || record.branchId === undefined) continue;
      const list = writesByBranch.get(record.branchId);
      if (list === undefined) writesByBranch.set(record.branchId, [record]);
      else list.push(record);
      continue;
    }
    if (f.ns !== undefined && info.checkpoint_ns !== f.ns) continue;
    if (f.checkpointId !== undefined && info.checkpoint_id !== f.checkpointId) continue;
    if (beforeId !== undefined && !(info.checkpoint_id < beforeId)) continue;
    checkpoints.push({ record, info, writesByBranch });
  }
  return checkpoints;
}

/** LangGraph's metadata filter: every given key equals (deeply, as JSON values) the checkpoint's. */
function matchesFilter(metadata: CheckpointMetadata, filter: Record<string, unknown> | undefined): boolean {
  if (filter === undefined) return true;
  const record = metadata as unknown as Record<string, unknown>;
  return Object.entries(filter).every(([key, value]) => value === undefined || isDeepStrictEqual(record[key], value));
}

/**
 * LangGraph's `list`: checkpoints newest first (by checkpoint id, as LangGraph's savers order them), narrowed by
 * thread, namespace, checkpoint id, `before` (ids lower than its checkpoint id), a metadata filter and `limit`.
 * Without a thread_id every thread of the tenant is listed, found through the thread registry.
 */
export async function* listTuples(
  ctx: ReadContext,
  config: RunnableConfig,
  options: CheckpointListOptions | undefined
): AsyncGenerator<CheckpointTuple> {
  const f = listFilterOf(config);
  let remaining = readLimit(options?.limit);
  const beforeId = readCheckpointId(
    options?.before?.configurable?.['checkpoint_id'],
    'list',
    'options.before.configurable.checkpoint_id'
  );
  const filter = options?.filter as Record<string, unknown> | undefined;
  if (remaining === 0) return;
  const threads = f.threadId !== undefined ? [f.threadId] : await registeredThreads(ctx);
  const candidates: Candidate[] = [];
  for (const thread of threads) candidates.push(...(await threadCandidates(ctx, thread, f, beforeId)));
  candidates.sort((a, b) => {
    if (a.info.checkpoint_id !== b.info.checkpoint_id) return a.info.checkpoint_id < b.info.checkpoint_id ? 1 : -1;
    return b.record.seq - a.record.seq;
  });
  for (const { record, info, writesByBranch } of candidates) {
    const metadata = await decodeMetadata(ctx, info);
    if (!matchesFilter(metadata, filter)) continue;
    const writes = writesByBranch.get(branchOf(info)) ?? [];
    const parentWrites = async () =>
      info.parent_checkpoint_id === undefined
        ? []
        : writesByBranch.get(branchOf({ ...info, checkpoint_id: info.parent_checkpoint_id })) ?? [];
    yield await buildTuple(ctx, record, info, writes, parentWrites, metadata);
    if (remaining !== undefined && --remaining <= 0) return;
  }
}
