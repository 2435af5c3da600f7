import { StorageError, type Checkpoint, type CheckpointRecord } from '@alma/types';
import { sha256Hex } from './hash.js';

/**
 * A stored record with its state parsed back. The state text is checked against `stateHash` first, so a torn or
 * tampered row surfaces as a StorageError naming the checkpoint instead of resuming from a wrong state.
 */
export function toCheckpoint<S>(record: CheckpointRecord, adapter: string): Checkpoint<S> {
  const { state: text, ...rest } = record;
  if (sha256Hex(text) !== record.stateHash) {
    throw new StorageError(
      adapter,
      `Checkpoint '${record.id}' of run '${record.runId}' is corrupt: its state does not match its stateHash.`,
    );
  }
  let state: S;
  try {
    state = JSON.parse(text) as S;
  } catch (cause) {
    throw new StorageError(adapter, `Checkpoint '${record.id}' of run '${record.runId}' holds invalid JSON.`, {
      cause,
    });
  }
  return { ...rest, state };
}
