import {
  StaleCheckpointError,
  StateTooLargeError,
  ValidationError,
  type CheckpointRecord,
  type Metadata,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { canonicalJson } from '@alma/types';
import { utf8Bytes } from './utf8.js';
import { composeText, entriesOf } from './delta-codec.js';
import { sha256Hex } from './hash.js';

/** Room left in a store record for ids, hash, dates and field names next to state and metadata. */
export const RECORD_OVERHEAD_BYTES = 4096;

export interface PreparedState {
  /** Canonical JSON of the full state. */
  readonly text: string;
  /** The same state as top-level entries (the delta encoder's input). */
  readonly entries: ReadonlyMap<string, string>;
  readonly hash: string;
  readonly sizeBytes: number;
  readonly metadata: Metadata;
}

/**
 * Serialises state and metadata canonically and enforces the size limit. Throws NotSerializableError,
 * StateTooLargeError or ValidationError; touches no store.
 */
export function prepareState(
  state: unknown,
  metadata: Metadata | undefined,
  maxStateSizeBytes: number,
  maxRecordBytes: number | undefined,
): PreparedState {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    const got = state === null ? 'null' : Array.isArray(state) ? 'an array' : typeof state;
    throw new ValidationError(`Checkpoint state must be a plain object (field -> value), got ${got}.`, [
      { path: 'state', message: 'must be a plain object' },
    ]);
  }
  const entries = entriesOf(state);
  const text = composeText(entries);
  const metadataText = canonicalJson(metadata ?? {}, 'metadata');
  const sizeBytes = utf8Bytes(text);
  let limit = maxStateSizeBytes;
  if (maxRecordBytes !== undefined) {
    limit = Math.min(limit, Math.max(0, maxRecordBytes - RECORD_OVERHEAD_BYTES - utf8Bytes(metadataText)));
  }
  if (sizeBytes > limit) throw new StateTooLargeError(sizeBytes, limit);
  return { text, entries, hash: sha256Hex(text), sizeBytes, metadata: JSON.parse(metadataText) as Metadata };
}

/**
 * The latest checkpoint of `branchId`'s branch, or of the main line (checkpoints without a branch): one main-line
 * read on a v2 store, the latest of every branch filtered on a v1 store.
 */
export async function branchTip(
  storage: StorageBackend,
  v2: boolean,
  runId: string,
  scope: ScopeFilter,
  branchId: string | undefined,
): Promise<CheckpointRecord | undefined> {
  if (branchId !== undefined) return storage.getLatestCheckpoint(runId, { ...scope, branchId });
  if (v2) return storage.getLatestCheckpoint(runId, scope, { branchId: null });
  const tips = await storage.getLatestCheckpointPerBranch(runId, scope);
  return tips.find((tip) => (tip.branchId ?? undefined) === undefined);
}

/**
 * Resolves the parent of a new checkpoint. An explicit parent must still be the branch's tip (or, for a branch's
 * first checkpoint, exist in the run); otherwise StaleCheckpointError. Without one: the branch's tip, else for a
 * new branch the main line's tip (the fork point).
 */
export async function resolveParent(
  storage: StorageBackend,
  v2: boolean,
  runId: string,
  scope: ScopeFilter,
  branchId: string | undefined,
  tip: CheckpointRecord | undefined,
  explicitParentId: string | undefined,
): Promise<string | undefined> {
  if (explicitParentId === undefined) {
    if (tip !== undefined) return tip.id;
    if (branchId === undefined) return undefined;
    return (await branchTip(storage, v2, runId, scope, undefined))?.id;
  }
  if (tip !== undefined) {
    if (tip.id !== explicitParentId) throw new StaleCheckpointError(runId, branchId, explicitParentId, tip.id);
    return explicitParentId;
  }
  const parent = await storage.getCheckpoint(explicitParentId, scope);
  if (parent === undefined || parent.runId !== runId) {
    throw new StaleCheckpointError(runId, branchId, explicitParentId, undefined);
  }
  return explicitParentId;
}
