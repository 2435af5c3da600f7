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

/**
 * The checkpoint a write just stored, its state parsed back from `text` (the canonical JSON written) on first read:
 * callers of a write often never look at the state they passed in, and parsing it costs about 0.25 ms per 100 KB.
 * The state is still a copy, independent of the caller's object; the property is enumerable and assignable, so
 * spreading, JSON, structuredClone and deep equality see a plain field.
 */
export function writtenCheckpoint<S>(record: CheckpointRecord, text: string): Checkpoint<S> {
  const { state: _stored, ...rest } = record;
  let parsed: { value: S } | undefined;
  return Object.defineProperty(rest, 'state', {
    enumerable: true,
    configurable: true,
    get: (): S => (parsed ??= { value: JSON.parse(text) as S }).value,
    set: (value: S) => {
      parsed = { value };
    },
  }) as unknown as Checkpoint<S>;
}
