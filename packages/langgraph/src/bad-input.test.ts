import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { Checkpoint } from '@langchain/langgraph-checkpoint';
import { StateTooLargeError, StorageError, ValidationError, type StorageBackend } from '@alma/types';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { AlmaCheckpointSaver } from './saver.js';
import { threadRunId } from './keys.js';
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

const asConfig = (configurable: unknown) => ({ configurable } as RunnableConfig);

describe('bad options', () => {
  it('names every bad option', () => {
    const create = (options: unknown) => () => new AlmaCheckpointSaver(options as never);
    expect(create(undefined)).toThrow(ValidationError);
    expect(create({})).toThrow(/storage: must be an ALMA StorageBackend/);
    expect(create({ storage: store, serde: {} })).toThrow(/serde: must be a LangGraph SerializerProtocol/);
    expect(create({ storage: store, tenant: 'x' })).toThrow(/tenant: is not an option/);
    expect(create({ storage: store, tenantId: '' })).toThrow(/tenantId/);
    expect(create({ storage: store, tenantId: 'a\u0000' })).toThrow(ValidationError);
    expect(new AlmaCheckpointSaver({ storage: store, tenantId: 'acme' }).tenantId).toBe('acme');
  });
});

describe('bad calls', () => {
  it('rejects a put without configurable, thread_id or a usable checkpoint', async () => {
    const put = (config: RunnableConfig, checkpoint: Checkpoint = checkpointOf()) =>
      saver.put(config, checkpoint, meta(), {});
    await expect(put({})).rejects.toThrow(/config.configurable is required/);
    await expect(put(asConfig({ checkpoint_ns: '' }))).rejects.toThrow(/thread_id is required/);
    await expect(put(asConfig({ thread_id: '' }))).rejects.toThrow(/thread_id must not be empty/);
    await expect(put(asConfig({ thread_id: { id: 1 } }))).rejects.toThrow(ValidationError);
    await expect(put(asConfig({ thread_id: 't', checkpoint_ns: 3 }))).rejects.toThrow(/checkpoint_ns must be a string/);
    await expect(put(asConfig({ thread_id: 't', checkpoint_id: 7 }))).rejects.toThrow(/checkpoint_id must be a string/);
    await expect(put(threadConfig('t'), { ...checkpointOf(), id: '' })).rejects.toThrow(/checkpoint.id/);
    await expect(put(threadConfig('t'), null as unknown as Checkpoint)).rejects.toThrow(ValidationError);
  });

  it('rejects putWrites without a checkpoint_id, task id or well-formed writes', async () => {
    const config = await saver.put(threadConfig('t'), checkpointOf(), meta(), {});
    await expect(saver.putWrites(asConfig({ checkpoint_ns: '' }), [['c', 1]], 'task')).rejects.toThrow(/thread_id/);
    await expect(saver.putWrites(threadConfig('t'), [['c', 1]], 'task')).rejects.toThrow(/checkpoint_id is required/);
    await expect(saver.putWrites(config, [['c', 1]], '')).rejects.toThrow(/taskId/);
    await expect(saver.putWrites(config, 'nope' as never, 'task')).rejects.toThrow(/writes/);
    await expect(saver.putWrites(config, [[1, 'x']] as never, 'task')).rejects.toThrow(/writes/);
  });

  it('finds nothing for getTuple without a thread_id, rejects malformed ids', async () => {
    expect(await saver.getTuple({})).toBeUndefined();
    expect(await saver.getTuple(asConfig({ checkpoint_ns: '' }))).toBeUndefined();
    await expect(saver.getTuple(asConfig({ thread_id: [] }))).rejects.toThrow(ValidationError);
    await expect(saver.deleteThread('')).rejects.toThrow(/threadId must not be empty/);
  });

  it('rejects a bad list limit or before config', async () => {
    await expect(collect(saver.list({}, { limit: -1 }))).rejects.toThrow(/limit/);
    await expect(collect(saver.list({}, { limit: 1.5 }))).rejects.toThrow(/limit/);
    await expect(collect(saver.list({}, { before: asConfig({ checkpoint_id: 5 }) }))).rejects.toThrow(/before/);
  });
});

describe('what the store gives back', () => {
  it('reports a corrupt pending-writes record instead of returning wrong writes', async () => {
    for (const [thread, state, message] of [
      ['t1', '{"not":"a list"}', /does not hold a list of writes/],
      ['t2', 'not json', /invalid JSON/],
    ] as const) {
      const config = await saver.put(threadConfig(thread), checkpointOf(), meta(), {});
      await saver.putWrites(config, [['c', 1]], 'task');
      const [, writes] = await store.listCheckpoints(threadRunId(thread), {});
      await store.saveCheckpoint({ ...writes, id: `broken-${thread}`, state } as never);
      await expect(saver.getTuple(config)).rejects.toThrow(StorageError);
      await expect(saver.getTuple(config)).rejects.toThrow(message);
    }
  });

  it('ignores records of the run that the saver did not write', async () => {
    const config = await saver.put(threadConfig('t'), checkpointOf(), meta(), {});
    const [record] = await store.listCheckpoints(threadRunId('t'), {});
    await store.saveCheckpoint({ ...(record as object), id: 'foreign', metadata: {}, state: '{}' } as never);
    expect((await saver.getTuple(config))?.pendingWrites).toEqual([]);
    expect(await collect(saver.list(threadConfig('t')))).toHaveLength(1);
  });

  it('refuses a state over the store record limit before writing anything', async () => {
    const limited = new Proxy(store, {
      get: (target, key) =>
        key === 'capabilities'
          ? { ...target.capabilities, maxRecordBytes: 5000 }
          : (Reflect.get(target, key) as unknown as (...a: unknown[]) => unknown),
    }) as StorageBackend;
    const small = new AlmaCheckpointSaver({ storage: limited });
    await expect(
      small.put(threadConfig('t'), checkpointOf({ big: 'x'.repeat(10_000) }), meta(), { big: 1 })
    ).rejects.toThrow(StateTooLargeError);
    const config = await small.put(threadConfig('t'), checkpointOf({ small: 'x' }), meta(), { small: 1 });
    await expect(small.putWrites(config, [['c', 'y'.repeat(10_000)]], 'task')).rejects.toThrow(StateTooLargeError);
    expect(await store.listCheckpoints(threadRunId('t'), {})).toHaveLength(1);
  });

  it('passes store failures through', async () => {
    await store.close();
    await expect(saver.put(threadConfig('t'), checkpointOf(), meta(), {})).rejects.toThrow(StorageError);
    store = memoryStore();
  });
});
