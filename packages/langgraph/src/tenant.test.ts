import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { threadRunId } from './keys.js';
import type { AlmaCheckpointSaver } from './saver.js';
import { checkpointOf, collect, memoryStore, meta, saverOn, threadConfig } from './test-support/fixtures.js';

let store: SqliteStorage;
let acme: AlmaCheckpointSaver;
let globex: AlmaCheckpointSaver;
let noTenant: AlmaCheckpointSaver;

beforeEach(() => {
  store = memoryStore();
  acme = saverOn(store, 'acme');
  globex = saverOn(store, 'globex');
  noTenant = saverOn(store);
});
afterEach(async () => {
  await store.close();
});

describe('tenant isolation', () => {
  it('keeps the same thread and checkpoint ids of two tenants apart', async () => {
    const checkpoint = checkpointOf({ owner: 'acme' });
    const acmeConfig = await acme.put(threadConfig('shared'), checkpoint, meta(), { owner: 1 });
    const globexConfig = await globex.put(
      threadConfig('shared'),
      { ...checkpoint, channel_values: { owner: 'globex' } },
      meta(),
      {
        owner: 1,
      }
    );
    expect(globexConfig).toEqual(acmeConfig); // same LangGraph coordinates, different ALMA records
    await acme.putWrites(acmeConfig, [['secret', 'acme only']], 'task');

    expect((await acme.getTuple(acmeConfig))?.checkpoint.channel_values).toEqual({ owner: 'acme' });
    expect((await globex.getTuple(globexConfig))?.checkpoint.channel_values).toEqual({ owner: 'globex' });
    expect((await globex.getTuple(threadConfig('shared')))?.pendingWrites).toEqual([]);
    expect(await noTenant.getTuple(acmeConfig)).toBeUndefined();
  });

  it('lists only the own tenant, with or without a thread_id', async () => {
    await acme.put(threadConfig('a1'), checkpointOf(), meta(), {});
    await acme.put(threadConfig('shared'), checkpointOf(), meta(), {});
    await globex.put(threadConfig('shared'), checkpointOf(), meta(), {});
    await noTenant.put(threadConfig('n1'), checkpointOf(), meta(), {});
    const threadsOf = async (saver: AlmaCheckpointSaver) =>
      (await collect(saver.list({}))).map((t) => t.config.configurable?.['thread_id'] as string).sort();
    expect(await threadsOf(acme)).toEqual(['a1', 'shared']);
    expect(await threadsOf(globex)).toEqual(['shared']);
    expect(await threadsOf(noTenant)).toEqual(['n1']);
    expect(await collect(globex.list(threadConfig('a1')))).toEqual([]);
  });

  it('registers a new thread once when two savers write it at the same time', async () => {
    const other = saverOn(store, 'acme');
    await Promise.all([
      acme.put(threadConfig('new'), checkpointOf(), meta(), {}),
      other.put(threadConfig('new', 'child'), checkpointOf(), meta(), {}),
    ]);
    expect(await collect(acme.list({}))).toHaveLength(2);
    expect(await store.listCheckpoints('langgraph~acme', { tenantId: 'acme' })).toHaveLength(1);
  });

  it("cannot delete another tenant's thread", async () => {
    await acme.put(threadConfig('shared'), checkpointOf(), meta(), {});
    await globex.put(threadConfig('shared'), checkpointOf(), meta(), {});
    await globex.deleteThread('shared');
    expect(await globex.getTuple(threadConfig('shared'))).toBeUndefined();
    expect(await acme.getTuple(threadConfig('shared'))).toBeDefined();
    expect(await store.listCheckpoints(threadRunId('shared'), { tenantId: 'acme' })).toHaveLength(1);
  });
});
