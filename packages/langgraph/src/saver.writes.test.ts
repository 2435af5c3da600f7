import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ERROR, INTERRUPT, TASKS } from '@langchain/langgraph-checkpoint';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { checkpointBranchId, threadRunId, writesNodeId } from './keys.js';
import type { AlmaCheckpointSaver } from './saver.js';
import { checkpointOf, memoryStore, meta, saverOn, threadConfig } from './test-support/fixtures.js';

let store: SqliteStorage;
let saver: AlmaCheckpointSaver;
let config: RunnableConfig;

beforeEach(async () => {
  store = memoryStore();
  saver = saverOn(store);
  config = await saver.put(threadConfig('t1'), checkpointOf(), meta(), {});
});
afterEach(async () => {
  await store.close();
});

const pending = async (c: RunnableConfig = config) => (await saver.getTuple(c))?.pendingWrites;

describe('putWrites: pending writes beside their checkpoint', () => {
  it('stores one record per call in the checkpoint branch, readable with the checkpoint in one call', async () => {
    await saver.putWrites(
      config,
      [
        ['animals', 'dog'],
        ['count', 2],
      ],
      'task-a',
      'path-a'
    );
    const id = config.configurable?.['checkpoint_id'] as string;
    const records = await store.listCheckpoints(threadRunId('t1'), {}, { branchId: checkpointBranchId('', id) });
    expect(records.map((r) => r.nodeId)).toEqual(['checkpoint:', writesNodeId('')]);
    expect(JSON.parse(records[1]?.state ?? '')).toEqual([
      ['animals', 0, 'json', 'dog'],
      ['count', 1, 'json', 2],
    ]);
    expect(records[1]?.metadata['langgraph']).toMatchObject({
      kind: 'writes',
      task_id: 'task-a',
      task_path: 'path-a',
      replace: false,
    });
    expect(await pending()).toEqual([
      ['task-a', 'animals', 'dog'],
      ['task-a', 'count', 2],
    ]);
  });

  it('keeps the first value of an ordinary write key, like LangGraph savers (INSERT OR IGNORE)', async () => {
    await saver.putWrites(config, [['channel', 'first']], 'task');
    await saver.putWrites(config, [['channel', 'second']], 'task');
    expect(await pending()).toEqual([['task', 'channel', 'first']]);
  });

  it('lets a call of special writes replace the earlier one (INSERT OR REPLACE)', async () => {
    await saver.putWrites(config, [[INTERRUPT, { value: 1 }]], 'task');
    await saver.putWrites(config, [[INTERRUPT, { value: 2 }]], 'task');
    await saver.putWrites(config, [[ERROR, 'boom']], 'task');
    // Special writes have negative indexes (INTERRUPT -3, ERROR -1), which sort first within the task.
    expect(await pending()).toEqual([
      ['task', INTERRUPT, { value: 2 }],
      ['task', ERROR, 'boom'],
    ]);
  });

  it("returns writes in LangGraph's writesSortKey order (task path, task id, index), not write order", async () => {
    await saver.putWrites(config, [['c', 'z-path']], 'task-1', '~z');
    await saver.putWrites(
      config,
      [
        ['c', 'b-1'],
        ['c', 'b-2'],
      ],
      'task-b',
      'b'
    );
    await saver.putWrites(config, [['c', 'a']], 'task-a', 'b');
    await saver.putWrites(config, [['c', 'no path']], 'task-z');
    expect(await pending()).toEqual([
      ['task-z', 'c', 'no path'],
      ['task-a', 'c', 'a'],
      ['task-b', 'c', 'b-1'],
      ['task-b', 'c', 'b-2'],
      ['task-1', 'c', 'z-path'],
    ]);
  });

  it('round-trips values of every kind, bytes included', async () => {
    const values: unknown[] = [
      null,
      0,
      '',
      'text',
      [1, [2]],
      { nested: { ok: true } },
      new Uint8Array([1, 2, 3]),
      new Set([1]),
    ];
    await saver.putWrites(
      config,
      values.map((v, i) => [`ch${i}`, v] as [string, unknown]),
      'task'
    );
    expect((await pending())?.map((w) => w[2])).toEqual(values);
  });

  it('shows a checkpoint its own writes only, also the latest one and writes stored before it', async () => {
    const child = checkpointOf();
    await saver.putWrites({ configurable: { ...config.configurable, checkpoint_id: child.id } }, [['early', 1]], 't');
    const childConfig = await saver.put(config, child, meta(), {});
    await saver.putWrites(config, [['parent', 1]], 't');
    expect(await pending(childConfig)).toEqual([['t', 'early', 1]]);
    expect(await pending(threadConfig('t1'))).toEqual([['t', 'early', 1]]);
    expect(await pending()).toEqual([['t', 'parent', 1]]);
  });

  it('ignores an empty list of writes', async () => {
    await saver.putWrites(config, [], 'task');
    expect(await store.listCheckpoints(threadRunId('t1'), {})).toHaveLength(1);
  });

  it('keeps pending sends of a parent for pre-v4 children in order across calls', async () => {
    await saver.putWrites(config, [[TASKS, 's1']], 'task-b');
    await saver.putWrites(config, [[TASKS, 's0']], 'task-a');
    expect((await pending())?.map((w) => w[2])).toEqual(['s0', 's1']);
  });

  it('reads branches longer than one page', async () => {
    const many = Array.from({ length: 1005 }, (_, i) => i);
    for (const i of many) await saver.putWrites(config, [['c', i]], `task-${String(i).padStart(4, '0')}`);
    expect((await pending())?.map((w) => w[2])).toEqual(many);
  });
});
