import { StorageError, type Checkpoint, type CheckpointRecord } from '@alma/types';

/**
 * A stored record with its full state parsed back. `text` is the full state's canonical JSON, already checked
 * against `stateHash` by the decoder (a snapshot row's own text, or a delta rebuilt from its chain). The stored
 * `encoding` stays on the checkpoint as information.
 */
export function toCheckpoint<S>(record: CheckpointRecord, text: string, adapter: string): Checkpoint<S> {
  const { state: _stored, ...rest } = record;
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
