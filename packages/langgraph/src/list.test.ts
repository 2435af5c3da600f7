import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { SqliteStorage } from '@alma/storage-sqlite';
import type { AlmaCheckpointSaver } from './saver.js';
import { collect, memoryStore, meta, putChain, saverOn, threadConfig } from './test-support/fixtures.js';

let store: SqliteStorage;
let saver: AlmaCheckpointSaver;
let t1: RunnableConfig[];
let t1child: RunnableConfig[];
let t2: RunnableConfig[];

const idOf = (c: RunnableConfig | undefined) => c?.configurable?.['checkpoint_id'] as string;
const ids = async (config: RunnableConfig, options?: Parameters<AlmaCheckpointSaver['list']>[1]) =>
  (await collect(saver.list(config, options))).map((t) => idOf(t.config));
const newestFirst = (configs: RunnableConfig[]) => configs.map(idOf).sort().reverse();

beforeEach(async () => {
  store = memoryStore();
  saver = saverOn(store);
  t1 = await putChain(saver, 't1', 3);
  t1child = await putChain(saver, 't1', 2, 'child');
  t2 = await putChain(saver, 't2', 2, '', (i) =>
    meta(i === 0 ? 'input' : 'update', i, { user: i === 0 ? 'ann' : 'bob' })
  );
});
afterEach(async () => {
  await store.close();
});

describe('list', () => {
  it('lists a thread newest first across its namespaces, or one namespace', async () => {
    expect(await ids(threadConfig('t1'))).toEqual(newestFirst(t1)); // checkpoint_ns '' = the root namespace
    expect(await ids({ configurable: { thread_id: 't1' } })).toEqual(newestFirst([...t1, ...t1child]));
    expect(await ids(threadConfig('t1', 'child'))).toEqual(newestFirst(t1child));
    expect(await ids(threadConfig('t1', 'nope'))).toEqual([]);
    expect(await ids(threadConfig('t3'))).toEqual([]);
  });

  it('lists every thread of the tenant without a thread_id', async () => {
    expect(await ids({})).toEqual(newestFirst([...t1, ...t1child, ...t2]));
    expect(await ids({ configurable: { checkpoint_ns: '' } })).toEqual(newestFirst([...t1, ...t2]));
  });

  it('applies before, limit and a checkpoint_id in the config', async () => {
    expect(await ids(threadConfig('t1', ''), { before: t1[2] })).toEqual(newestFirst(t1.slice(0, 2)));
    expect(await ids(threadConfig('t1', ''), { limit: 2 })).toEqual(newestFirst(t1).slice(0, 2));
    expect(await ids(threadConfig('t1', ''), { limit: 0 })).toEqual([]);
    expect(await ids(threadConfig('t1', '', idOf(t1[1])))).toEqual([idOf(t1[1])]);
  });

  it('filters on LangGraph metadata, deep-equal per key, ignoring undefined values', async () => {
    expect(await ids({}, { filter: { source: 'input' } })).toEqual(
      newestFirst([t1[0], t1child[0], t2[0]] as RunnableConfig[])
    );
    expect(await ids({}, { filter: { source: 'update', user: 'bob' } })).toEqual([idOf(t2[1])]);
    expect(await ids({}, { filter: { user: 'carl' } })).toEqual([]);
    expect(await ids(threadConfig('t2'), { filter: { parents: {}, step: undefined } })).toEqual(newestFirst(t2));
    expect(await ids(threadConfig('t2'), { filter: {} })).toEqual(newestFirst(t2));
  });

  it('returns the same tuples as getTuple, pending writes and parent configs included', async () => {
    await saver.putWrites(t1[1] as RunnableConfig, [['x', { y: 1 }]], 'task');
    const listed = await collect(saver.list(threadConfig('t1', '')));
    for (const tuple of listed) expect(tuple).toEqual(await saver.getTuple(tuple.config));
    expect(listed.find((t) => idOf(t.config) === idOf(t1[1]))?.pendingWrites).toEqual([['task', 'x', { y: 1 }]]);
  });

  it('keeps listing threads that were deleted and written again', async () => {
    await saver.deleteThread('t2');
    expect(await ids({}, { filter: { user: 'ann' } })).toEqual([]);
    const again = await putChain(saverOn(store), 't2', 1);
    expect(await ids({ configurable: { checkpoint_ns: '' } })).toEqual(newestFirst([...t1, ...again]));
  });
});
