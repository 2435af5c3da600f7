import { emptyCheckpoint, uuid6, type Checkpoint, type CheckpointMetadata } from '@langchain/langgraph-checkpoint';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { StorageBackend } from '@alma/types';
import { SqliteStorage } from '@alma/storage-sqlite';
import { AlmaCheckpointSaver } from '../saver.js';

/** A private in-memory ALMA SQLite store. */
export const memoryStore = (): SqliteStorage => new SqliteStorage({ path: ':memory:' });

export function saverOn(storage: StorageBackend, tenantId?: string): AlmaCheckpointSaver {
  return new AlmaCheckpointSaver({ storage, ...(tenantId === undefined ? {} : { tenantId }) });
}

let clock = 0;
/** A v4 checkpoint with increasing ids; every channel value gets version 1 unless `versions` says otherwise. */
export function checkpointOf(values: Record<string, unknown> = {}, versions?: Record<string, number>): Checkpoint {
  const checkpoint = emptyCheckpoint();
  checkpoint.id = uuid6(clock++);
  checkpoint.channel_values = values;
  checkpoint.channel_versions = versions ?? Object.fromEntries(Object.keys(values).map((k) => [k, 1]));
  checkpoint.versions_seen = { '': { someChannel: 1 } };
  return checkpoint;
}

export const meta = (source: CheckpointMetadata['source'] = 'loop', step = 0, extra: Record<string, unknown> = {}) =>
  ({ source, step, parents: {}, ...extra } as CheckpointMetadata);

export const threadConfig = (thread_id: string, checkpoint_ns = '', checkpoint_id?: string): RunnableConfig => ({
  configurable: { thread_id, checkpoint_ns, ...(checkpoint_id === undefined ? {} : { checkpoint_id }) },
});

/** Puts `count` checkpoints as a chain (each the child of the previous) and returns their configs. */
export async function putChain(
  saver: AlmaCheckpointSaver,
  thread: string,
  count: number,
  ns = '',
  metadataOf: (i: number) => CheckpointMetadata = (i) => meta(i === 0 ? 'input' : 'loop', i - 1)
): Promise<RunnableConfig[]> {
  const configs: RunnableConfig[] = [];
  let config = threadConfig(thread, ns);
  for (let i = 0; i < count; i++) {
    config = await saver.put(config, checkpointOf({ step: i }, { step: i + 1 }), metadataOf(i), { step: i + 1 });
    configs.push(config);
  }
  return configs;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
