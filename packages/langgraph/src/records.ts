import { createHash } from 'node:crypto';
import type { CheckpointRecord, NewCheckpoint } from '@alma/types';
import { parsedForm, stateTextOf, type Encoded, type Encoding } from './codec.js';
import type { Coordinates } from './config.js';
import {
  checkpointBranchId,
  checkpointNodeId,
  checkpointRecordId,
  nextNonce,
  THREAD_REGISTRY_NODE,
  threadRegistryRecordId,
  threadRegistryRunId,
  threadRunId,
  writesNodeId,
  writesRecordId,
} from './keys.js';

/** What a checkpoint record's `metadata.langgraph` holds. */
export interface CheckpointInfo {
  readonly kind: 'checkpoint';
  readonly thread_id: string;
  readonly checkpoint_ns: string;
  readonly checkpoint_id: string;
  readonly parent_checkpoint_id?: string;
  /** How `state` holds the serialised checkpoint. */
  readonly encoding: Encoding;
  /** LangGraph's CheckpointMetadata, serialised (a JSON value, see `metadata_encoding`). */
  readonly metadata: unknown;
  readonly metadata_encoding: Encoding;
  /** Channels kept in blob records (channel -> blob record id) instead of in `state`; see `blobs.ts`. */
  readonly blobs?: Readonly<Record<string, string>>;
}

/** What a pending-writes record's `metadata.langgraph` holds; `state` is `[[channel, idx, encoding, value], ...]`. */
export interface WritesInfo {
  readonly kind: 'writes';
  readonly thread_id: string;
  readonly checkpoint_ns: string;
  readonly checkpoint_id: string;
  readonly task_id: string;
  readonly task_path: string;
  /** Every write of the call went to a special channel (error, interrupt ...): they replace earlier ones. */
  readonly replace: boolean;
}

export type StoredWrite = readonly [channel: string, idx: number, encoding: Encoding, value: unknown];

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/**
 * The record fields of a serialised value: `state` as stored, its SHA-256 and UTF-8 size. For JSON encodings the
 * state text is the serializer's UTF-8 bytes decoded: those bytes are hashed and measured, no re-encoding.
 */
export function storedText(value: Encoded): { state: string; stateHash: string; stateSizeBytes: number } {
  const state = stateTextOf(value);
  const sameText = !value.encoding.startsWith('base64:');
  return {
    state,
    stateHash: sameText ? sha256(value.bytes) : sha256(state),
    stateSizeBytes: sameText ? value.bytes.byteLength : Buffer.byteLength(state, 'utf8'),
  };
}

export function checkpointRecord(
  tenantId: string | undefined,
  at: Coordinates,
  checkpointId: string,
  checkpoint: Encoded,
  metadata: Encoded,
  blobs: Readonly<Record<string, string>> = {}
): NewCheckpoint {
  const info: CheckpointInfo = {
    kind: 'checkpoint',
    thread_id: at.threadId,
    checkpoint_ns: at.ns,
    checkpoint_id: checkpointId,
    ...(at.checkpointId === undefined ? {} : { parent_checkpoint_id: at.checkpointId }),
    encoding: checkpoint.encoding,
    metadata: parsedForm(metadata),
    metadata_encoding: metadata.encoding,
    ...(Object.keys(blobs).length === 0 ? {} : { blobs }),
  };
  return {
    id: checkpointRecordId(tenantId, at.threadId, at.ns, checkpointId),
    ...(tenantId === undefined ? {} : { tenantId }),
    runId: threadRunId(at.threadId),
    nodeId: checkpointNodeId(at.ns),
    branchId: checkpointBranchId(at.ns, checkpointId),
    ...(at.checkpointId === undefined
      ? {}
      : { parentCheckpointId: checkpointRecordId(tenantId, at.threadId, at.ns, at.checkpointId) }),
    ...storedText(checkpoint),
    metadata: { langgraph: info },
  };
}

export function writesRecord(
  tenantId: string | undefined,
  at: Coordinates & { checkpointId: string },
  taskId: string,
  taskPath: string,
  writes: ReadonlyArray<{ channel: string; idx: number; value: Encoded }>,
  replace: boolean
): NewCheckpoint {
  const parts = writes.map(
    (w) => `[${JSON.stringify(w.channel)},${w.idx},${JSON.stringify(w.value.encoding)},${w.value.json}]`
  );
  const state = `[${parts.join(',')}]`;
  const info: WritesInfo = {
    kind: 'writes',
    thread_id: at.threadId,
    checkpoint_ns: at.ns,
    checkpoint_id: at.checkpointId,
    task_id: taskId,
    task_path: taskPath,
    replace,
  };
  return {
    id: writesRecordId(tenantId, at.threadId, at.ns, at.checkpointId, taskId, nextNonce()),
    ...(tenantId === undefined ? {} : { tenantId }),
    runId: threadRunId(at.threadId),
    nodeId: writesNodeId(at.ns),
    branchId: checkpointBranchId(at.ns, at.checkpointId),
    state,
    stateHash: sha256(state),
    stateSizeBytes: Buffer.byteLength(state, 'utf8'),
    metadata: { langgraph: info },
  };
}

/** The tenant's entry for a thread in the thread registry (for `list()` across threads). */
export function threadRegistryRecord(tenantId: string | undefined, threadId: string): NewCheckpoint {
  const state = '{}';
  return {
    id: threadRegistryRecordId(tenantId, threadId),
    ...(tenantId === undefined ? {} : { tenantId }),
    runId: threadRegistryRunId(tenantId),
    nodeId: THREAD_REGISTRY_NODE,
    state,
    stateHash: sha256(state),
    stateSizeBytes: 2,
    metadata: { langgraph: { kind: 'thread', thread_id: threadId } },
  };
}

const langgraphInfo = (record: CheckpointRecord): Record<string, unknown> | undefined => {
  const info = record.metadata['langgraph'];
  return info !== null && typeof info === 'object' ? (info as Record<string, unknown>) : undefined;
};

export function checkpointInfoOf(record: CheckpointRecord): CheckpointInfo | undefined {
  const info = langgraphInfo(record);
  if (info?.['kind'] !== 'checkpoint' || typeof info['checkpoint_id'] !== 'string') return undefined;
  return info as unknown as CheckpointInfo;
}

export function writesInfoOf(record: CheckpointRecord): WritesInfo | undefined {
  const info = langgraphInfo(record);
  if (info?.['kind'] !== 'writes' || typeof info['task_id'] !== 'string') return undefined;
  return info as unknown as WritesInfo;
}

export function registeredThreadOf(record: CheckpointRecord): string | undefined {
  const info = langgraphInfo(record);
  return info?.['kind'] === 'thread' && typeof info['thread_id'] === 'string' ? info['thread_id'] : undefined;
}
