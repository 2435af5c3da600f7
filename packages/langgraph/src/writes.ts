import {
  compareWritesSortKeys,
  writesSortKey,
  type CheckpointPendingWrite,
  type SerializerProtocol,
  type WritesSortKey,
} from '@langchain/langgraph-checkpoint';
import { StorageError, type CheckpointRecord } from '@alma/types';
import { decodeParsed } from './codec.js';
import { writesInfoOf, type StoredWrite } from './records.js';

interface MergedWrite {
  readonly key: WritesSortKey;
  readonly taskId: string;
  readonly channel: string;
  readonly encoding: unknown;
  readonly value: unknown;
}

function storedWritesOf(record: CheckpointRecord): StoredWrite[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.state);
  } catch (cause) {
    throw new StorageError('langgraph', `Pending writes record '${record.id}' holds invalid JSON.`, { cause });
  }
  if (!Array.isArray(parsed)) {
    throw new StorageError('langgraph', `Pending writes record '${record.id}' does not hold a list of writes.`);
  }
  return parsed as StoredWrite[];
}

/**
 * Merges the pending-writes records of one checkpoint (in store order, i.e. write order) the way LangGraph's savers
 * do: a write is keyed by (task id, index); an ordinary call keeps the first value of a key, a call made only of
 * special writes (errors, interrupts ...) replaces it. The result is in LangGraph's `writesSortKey` order
 * (task path, task id, index), the order live execution applies them in.
 */
export function mergeWrites(records: readonly CheckpointRecord[]): MergedWrite[] {
  const byKey = new Map<string, MergedWrite>();
  for (const record of records) {
    const info = writesInfoOf(record);
    if (info === undefined) continue;
    for (const [channel, idx, encoding, value] of storedWritesOf(record)) {
      const mapKey = `${info.task_id}\u0000${idx}`;
      if (!info.replace && byKey.has(mapKey)) continue;
      byKey.set(mapKey, {
        key: writesSortKey(info.task_path, info.task_id, idx),
        taskId: info.task_id,
        channel,
        encoding,
        value,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => compareWritesSortKeys(a.key, b.key));
}

export function decodeWrites(
  serde: SerializerProtocol,
  merged: readonly MergedWrite[]
): Promise<CheckpointPendingWrite[]> {
  return Promise.all(
    merged.map(
      async (w): Promise<CheckpointPendingWrite> => [
        w.taskId,
        w.channel,
        await decodeParsed(serde, w.encoding, w.value, `pending write '${w.channel}' of task '${w.taskId}'`),
      ]
    )
  );
}

/** The decoded values written to `channel` (e.g. TASKS for pending sends), in `writesSortKey` order. */
export function decodeChannelValues(
  serde: SerializerProtocol,
  merged: readonly MergedWrite[],
  channel: string
): Promise<unknown[]> {
  return Promise.all(
    merged
      .filter((w) => w.channel === channel)
      .map((w) => decodeParsed(serde, w.encoding, w.value, `pending write '${w.channel}' of task '${w.taskId}'`))
  );
}
