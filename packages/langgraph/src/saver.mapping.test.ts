import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { HumanMessage } from '@langchain/core/messages';
import { JsonPlusSerializer, TASKS } from '@langchain/langgraph-checkpoint';
import { ConflictError, type CheckpointRecord } from '@alma/types';
import { sha256Hex } from '@alma/checkpoint';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { checkpointBranchId, checkpointNodeId, checkpointRecordId, threadRunId } from './keys.js';
import type { AlmaCheckpointSaver } from './saver.js';
import { checkpointOf, collect, memoryStore, meta, saverOn, threadConfig } from './test-support/fixtures.js';

let store: SqliteStorage;
let saver: AlmaCheckpointSaver;

beforeEach(() => {
  store = memoryStore();
  saver = saverOn(store, 'acme');
});
afterEach(async () => {
  await store.close();
});

const recordsOf = (thread: string): Promise<CheckpointRecord[]> =>
  store.listCheckpoints(threadRunId(thread), { tenantId: 'acme' }, { limit: 1000 });

describe('put: one ALMA checkpoint record per LangGraph checkpoint', () => {
  it('maps thread, namespace, checkpoint and parent onto the record', async () => {
    const first = await saver.put(threadConfig('t1', 'sub:1'), checkpointOf({ a: 1 }), meta('input', -1), { a: 1 });
    const second = checkpointOf({ a: 2 }, { a: 2 });
    await saver.put(first, second, meta('loop', 0, { user: 'u1' }), { a: 2 });

    const [r1, r2] = await recordsOf('t1');
    const firstId = first.configurable?.['checkpoint_id'] as string;
    expect(r1).toMatchObject({
      id: checkpointRecordId('acme', 't1', 'sub:1', firstId),
      tenantId: 'acme',
      runId: 'langgraph:t1',
      nodeId: checkpointNodeId('sub:1'),
      branchId: checkpointBranchId('sub:1', firstId),
      seq: 1,
    });
    expect(r1?.parentCheckpointId).toBeUndefined();
    expect(r2?.parentCheckpointId).toBe(r1?.id);
    expect(r2?.metadata['langgraph']).toMatchObject({
      kind: 'checkpoint',
      thread_id: 't1',
      checkpoint_ns: 'sub:1',
      checkpoint_id: second.id,
      parent_checkpoint_id: firstId,
      encoding: 'json',
      metadata: { source: 'loop', step: 0, parents: {}, user: 'u1' },
      metadata_encoding: 'json',
    });
  });

  it("stores the serializer's JSON verbatim as the state, with its SHA-256 and size", async () => {
    const checkpoint = checkpointOf({ text: 'ünïcode "quoted"', list: [1, 2] });
    await saver.put(threadConfig('t1'), checkpoint, meta(), { text: 1, list: 1 });
    const [record] = await recordsOf('t1');
    const [, bytes] = await new JsonPlusSerializer().dumpsTyped(checkpoint);
    expect(record?.state).toBe(new TextDecoder().decode(bytes));
    expect(record?.stateHash).toBe(sha256Hex(record?.state ?? ''));
    expect(record?.stateSizeBytes).toBe(Buffer.byteLength(record?.state ?? ''));
  });

  it('round-trips checkpoint and metadata exactly, LangChain objects included', async () => {
    const checkpoint = checkpointOf({ messages: [new HumanMessage({ content: 'hi', id: 'h1' })], n: 0, s: '' });
    const metadata = meta('loop', 3, { tags: new Set(['x']), nothing: undefined, nested: { deep: [null, 1.5] } });
    const config = await saver.put(threadConfig('t1'), checkpoint, metadata, { messages: 1, n: 1, s: 1 });
    const tuple = await saver.getTuple(config);
    expect(tuple?.checkpoint).toEqual(checkpoint);
    expect((tuple?.checkpoint.channel_values['messages'] as unknown[])[0]).toBeInstanceOf(HumanMessage);
    expect(tuple?.metadata).toEqual(metadata);
    expect(Object.keys(tuple?.metadata ?? {})).toContain('nothing');
    expect(tuple?.config).toEqual(threadConfig('t1', '', checkpoint.id));
    expect(tuple?.parentConfig).toBeUndefined();
    expect(tuple?.pendingWrites).toEqual([]);
  });

  it('keeps only the channels new in a checkpoint without a parent, and every channel of one with a parent', async () => {
    const root = checkpointOf({ changed: 1, unchanged: 2 });
    const rootConfig = await saver.put(threadConfig('t1'), root, meta(), { changed: 1 });
    expect((await saver.getTuple(rootConfig))?.checkpoint.channel_values).toEqual({ changed: 1 });
    const child = checkpointOf({ changed: 3, carried: 'from an ancestor' }, { changed: 2, carried: 1 });
    const childConfig = await saver.put(rootConfig, child, meta(), { changed: 2 });
    expect((await saver.getTuple(childConfig))?.checkpoint.channel_values).toEqual({
      changed: 3,
      carried: 'from an ancestor',
    });
  });

  it('returns the latest checkpoint of the namespace when no checkpoint_id is given', async () => {
    const a = await saver.put(threadConfig('t1'), checkpointOf(), meta(), {});
    const b = await saver.put(a, checkpointOf(), meta(), {});
    await saver.put(threadConfig('t1', 'other'), checkpointOf(), meta(), {});
    await saver.putWrites(b, [['x', 1]], 'task');
    const latest = await saver.getTuple(threadConfig('t1'));
    expect(latest?.config).toEqual(b);
    expect(latest?.parentConfig).toEqual(a);
    expect(latest?.pendingWrites).toEqual([['task', 'x', 1]]);
    expect(await saver.getTuple(threadConfig('t1', 'missing'))).toBeUndefined();
    expect(await saver.getTuple(threadConfig('nobody'))).toBeUndefined();
  });

  it('accepts a repeated identical put and refuses a different checkpoint under the same id', async () => {
    const checkpoint = checkpointOf({ a: 1 });
    const config = await saver.put(threadConfig('t1'), checkpoint, meta(), { a: 1 });
    await expect(saver.put(threadConfig('t1'), checkpoint, meta(), { a: 1 })).resolves.toEqual(config);
    await expect(
      saver.put(threadConfig('t1'), { ...checkpoint, channel_values: { a: 2 } }, meta(), { a: 1 })
    ).rejects.toThrow(ConflictError);
    expect(await recordsOf('t1')).toHaveLength(1);
  });

  it('deletes every namespace of a thread, and only that thread', async () => {
    await saver.put(threadConfig('t1'), checkpointOf(), meta(), {});
    await saver.put(threadConfig('t1', 'child'), checkpointOf(), meta(), {});
    const keep = await saver.put(threadConfig('t2'), checkpointOf(), meta(), {});
    await saver.deleteThread('t1');
    expect(await recordsOf('t1')).toEqual([]);
    expect(await saver.getTuple(threadConfig('t1', 'child'))).toBeUndefined();
    expect((await saver.getTuple(keep))?.config).toEqual(keep);
    expect((await collect(saver.list({}))).map((t) => t.config)).toEqual([keep]);
  });

  it('lets a deleted thread id be used again (a retention delete, not a run tombstone)', async () => {
    await saver.put(threadConfig('reuse'), checkpointOf({ a: 1 }), meta(), { a: 1 });
    await saver.deleteThread('reuse');
    const again = await saver.put(threadConfig('reuse'), checkpointOf({ a: 2 }), meta(), { a: 1 });
    expect((await saver.getTuple(threadConfig('reuse')))?.config).toEqual(again);
  });

  it('accepts numeric thread ids as their text and the legacy thread_ts as the checkpoint id', async () => {
    const config = await saver.put({ configurable: { thread_id: 42 } }, checkpointOf(), meta(), {});
    expect(config.configurable?.['thread_id']).toBe('42');
    const viaTs = await saver.getTuple({
      configurable: { thread_id: '42', thread_ts: config.configurable?.['checkpoint_id'] },
    });
    expect(viaTs?.config).toEqual(config);
  });

  it('migrates pending sends of pre-v4 checkpoints from the parent writes', async () => {
    const v1 = { ...checkpointOf(), v: 1 };
    const parent = await saver.put(threadConfig('t1'), v1, meta(), {});
    await saver.putWrites(
      parent,
      [
        [TASKS, 'send-1'],
        [TASKS, 'send-2'],
      ],
      'task-1'
    );
    await saver.putWrites(parent, [[TASKS, 'send-3']], 'task-2');
    const child = await saver.put(parent, { ...checkpointOf(), v: 1 }, meta(), {});
    const tuple = await saver.getTuple(child);
    expect(tuple?.checkpoint.channel_values).toEqual({ [TASKS]: ['send-1', 'send-2', 'send-3'] });
    expect(tuple?.checkpoint.channel_versions[TASKS]).toBe(1);
    const [listed] = await collect(saver.list(threadConfig('t1'), { limit: 1 }));
    expect(listed?.checkpoint.channel_values).toEqual({ [TASKS]: ['send-1', 'send-2', 'send-3'] });
  });
});
