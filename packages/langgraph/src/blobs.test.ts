import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { StateTooLargeError, StorageError, type StorageBackend } from '@alma/types';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { BLOB_MIN_BYTES } from './blobs.js';
import { blobRunId, threadRunId } from './keys.js';
import { AlmaCheckpointSaver } from './saver.js';
import { checkpointOf, collect, memoryStore, meta, saverOn, threadConfig } from './test-support/fixtures.js';

let store: SqliteStorage;
let saver: AlmaCheckpointSaver;

beforeEach(() => {
  store = memoryStore();
  saver = saverOn(store);
});
afterEach(async () => {
  await store.close();
});

/** A document of about `bytes` characters, different per seed. */
const doc = (seed: number, bytes = 2 * BLOB_MIN_BYTES) => `doc ${seed} `.padEnd(bytes, `${seed % 10}`);

/**
 * Puts `steps` checkpoints of one thread as LangGraph's loop does: `doc` stays `doc(docSeed(i))` (a new version when
 * the seed changes), `step` changes every time. Returns the configs and the states put.
 */
async function putSteps(
  s: AlmaCheckpointSaver,
  thread: string,
  steps: number,
  docSeed: (i: number) => number = () => 1,
  start: RunnableConfig = threadConfig(thread)
) {
  let config = start;
  const states: Record<string, unknown>[] = [];
  let versions: Record<string, number> = {};
  let previous: Record<string, unknown> | undefined;
  for (let i = 0; i < steps; i++) {
    const values = { doc: doc(docSeed(i)), step: i, flag: true, plan: { goal: 'ship' } };
    const newVersions: Record<string, number> = {};
    for (const [key, value] of Object.entries(values)) {
      if (previous === undefined || previous[key] !== value) newVersions[key] = (versions[key] ?? 0) + 1;
    }
    versions = { ...versions, ...newVersions };
    config = await s.put(config, checkpointOf(values, versions), meta('loop', i), newVersions);
    states.push(values);
    previous = values;
  }
  return { config, states };
}

const recordsOf = (runId: string) => store.listCheckpoints(runId, {}, { limit: 1000 });

describe('channel blobs', () => {
  it('stores a large channel that stays unchanged once, and every checkpoint still reads it back', async () => {
    const { config, states } = await putSteps(saver, 't1', 12);
    const blobs = await recordsOf(blobRunId('t1'));
    expect(blobs).toHaveLength(1);
    expect(JSON.parse(blobs[0]?.state ?? '')).toBe(doc(1));
    const checkpoints = await recordsOf(threadRunId('t1'));
    // The first put holds the document (new in it), the second stores the blob, the rest only name it.
    const big = checkpoints.filter((r) => r.state.length > BLOB_MIN_BYTES);
    expect(big).toHaveLength(1);
    expect(checkpoints.slice(1).every((r) => r.state.length < 1000)).toBe(true);

    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual(states[11]);
    const listed = await collect(saver.list(threadConfig('t1')));
    expect(listed.map((t) => t.checkpoint.channel_values)).toEqual([...states].reverse());
    // A saver with nothing cached reads the blob from the store.
    const fresh = saverOn(store);
    expect((await fresh.getTuple(config))?.checkpoint.channel_values).toEqual(states[11]);
  });

  it('keeps a large channel that changes every step inline: no blob, no extra write', async () => {
    const { config, states } = await putSteps(saver, 't1', 6, (i) => i);
    expect(await recordsOf(blobRunId('t1'))).toEqual([]);
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual(states[5]);
  });

  it('stores the same content once, and a new value of the channel as a new blob', async () => {
    // doc: 1 for three steps, 2 for three steps, then back to 1 (a new version with content already stored).
    const seed = (i: number) => (i >= 3 && i < 6 ? 2 : 1);
    const { config, states } = await putSteps(saver, 't1', 9, seed);
    const blobs = await recordsOf(blobRunId('t1'));
    expect(blobs.map((b) => JSON.parse(b.state))).toEqual([doc(1), doc(2)]);
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual(states[8]);
    for (const tuple of await collect(saver.list(threadConfig('t1')))) {
      const step = tuple.checkpoint.channel_values['step'] as number;
      expect(tuple.checkpoint.channel_values).toEqual(states[step]);
    }
  });

  it('restores LangChain messages kept in a blob as messages', async () => {
    const history = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? new HumanMessage(`question ${i} `.repeat(20)) : new AIMessage(`answer ${i} `.repeat(20))
    );
    let config = await saver.put(threadConfig('t1'), checkpointOf({ messages: history, step: 0 }), meta(), {
      messages: 1,
      step: 1,
    });
    for (let step = 1; step < 4; step++) {
      config = await saver.put(config, checkpointOf({ messages: history, step }, { messages: 1, step: step + 1 }), meta(), {
        step: step + 1,
      });
    }
    expect(await recordsOf(blobRunId('t1'))).toHaveLength(1);
    const read = await saverOn(store).getTuple(config);
    const messages = read?.checkpoint.channel_values['messages'] as HumanMessage[];
    expect(messages).toHaveLength(60);
    expect(messages[0]).toBeInstanceOf(HumanMessage);
    expect(messages[1]).toBeInstanceOf(AIMessage);
    expect(messages[59]?.content).toBe(history[59]?.content);
  });

  it('a put continuing from a checkpoint another saver wrote names the blob that checkpoint names', async () => {
    const { config } = await putSteps(saver, 't1', 4);
    const other = saverOn(store);
    const tuple = await other.getTuple(config);
    const channelVersions = tuple?.checkpoint.channel_versions as Record<string, number>;
    await other.put(config, checkpointOf({ doc: doc(1), step: 99, flag: true, plan: { goal: 'ship' } }, { ...channelVersions, step: 99 }), meta(), { step: 99 });
    expect(await recordsOf(blobRunId('t1'))).toHaveLength(1);
    const latest = await recordsOf(threadRunId('t1'));
    expect(latest.at(-1)?.state.length).toBeLessThan(1000);
    expect((await saver.getTuple(threadConfig('t1')))?.checkpoint.channel_values).toEqual({ doc: doc(1), step: 99, flag: true, plan: { goal: 'ship' } });
  });

  it('deleteThread deletes the blobs too, and a reused thread id stores them again', async () => {
    await putSteps(saver, 't1', 4);
    await saver.deleteThread('t1');
    expect(await recordsOf(blobRunId('t1'))).toEqual([]);
    const { config, states } = await putSteps(saver, 't1', 4);
    expect(await recordsOf(blobRunId('t1'))).toHaveLength(1);
    expect((await saverOn(store).getTuple(config))?.checkpoint.channel_values).toEqual(states[3]);
  });

  it('ALMA retention on the thread keeps the blobs the kept checkpoints name', async () => {
    const { config, states } = await putSteps(saver, 't1', 8);
    await store.deleteCheckpoints(threadRunId('t1'), {}, { keepLast: 1 });
    expect((await saverOn(store).getTuple(config))?.checkpoint.channel_values).toEqual(states[7]);
  });

  it('a blob gone from the store is a StorageError naming the channel, never a checkpoint without it', async () => {
    const { config } = await putSteps(saver, 't1', 4);
    await store.deleteCheckpoints(blobRunId('t1'), {}, { keepLast: 0 });
    const read = saverOn(store).getTuple(config);
    await expect(read).rejects.toThrow(StorageError);
    await expect(saverOn(store).getTuple(config)).rejects.toThrow(/channel 'doc' is stored in blob/);
  });

  it('a checkpoint refused for its size writes no blob either: every check comes before the first write', async () => {
    const limited = new Proxy(store, {
      get: (target, key) =>
        key === 'capabilities'
          ? { ...target.capabilities, maxRecordBytes: 30_000 }
          : (Reflect.get(target, key) as unknown as (...a: unknown[]) => unknown),
    }) as StorageBackend;
    const small = new AlmaCheckpointSaver({ storage: limited });
    const first = await small.put(threadConfig('t1'), checkpointOf({ doc: doc(1) }), meta(), { doc: 1 });
    // doc is unchanged (it would become a blob), but the new inline channel makes the checkpoint too large.
    const tooBig = checkpointOf({ doc: doc(1), other: 'y'.repeat(27_000) }, { doc: 1, other: 2 });
    await expect(small.put(first, tooBig, meta(), { other: 2 })).rejects.toThrow(StateTooLargeError);
    expect(await recordsOf(blobRunId('t1'))).toEqual([]);
    expect(await recordsOf(threadRunId('t1'))).toHaveLength(1);
  });

  it("a tenant's blobs are invisible to another tenant", async () => {
    const a = saverOn(store, 'tenant-a');
    const { config } = await putSteps(a, 't1', 4);
    const blob = (await store.listCheckpoints(blobRunId('t1'), { tenantId: 'tenant-a' }))[0];
    expect(blob?.tenantId).toBe('tenant-a');
    expect(await store.getCheckpoint(blob?.id as string, { tenantId: 'tenant-b' })).toBeUndefined();
    expect(await saverOn(store, 'tenant-b').getTuple(config)).toBeUndefined();
  });
});
