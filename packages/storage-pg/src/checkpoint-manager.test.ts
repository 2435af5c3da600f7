import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { CheckpointManager } from '@alma/checkpoint';
import { StaleCheckpointError, WorkflowContext } from '@alma/types';
import { PostgresStorage } from './index.js';
import { adminClient, assertServerReady, PG_URL } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'ckm');
let storage: PostgresStorage;
beforeAll(async () => {
  await assertServerReady(admin);
  storage = await stores.open(8);
});
afterAll(() =>
  releaseAll(
    () => storage?.close(),
    () => stores.cleanup(),
    () => admin.end(),
  ));

const ctxFor = (runId: string) => WorkflowContext.from({ tenantId: 'acme', workflowId: 'wf', runId });

describe('CheckpointManager on PostgreSQL', () => {
  it('writes, skips unchanged state, resumes from another store on the same schema, and merges branches', async () => {
    const m = new CheckpointManager(storage);
    const ctx = ctxFor('r1');
    const tricky = { text: `it's "quoted"; DROP TABLE alma_checkpoints; -- 😀 \u0000 (escaped in the JSON text)`, n: [1, 2.5, null] };
    const first = await m.checkpoint(ctx, 'n1', tricky);
    const same = await m.checkpoint(ctx, 'n2', { n: [1, 2.5, null], text: tricky.text });
    expect(same).toMatchObject({ skipped: true, checkpoint: { id: first.checkpoint.id } });
    const a = await m.checkpoint(ctx.withBranch('a'), 'a1', { ...tricky, items: ['a'] });
    const b = await m.checkpoint(ctx.withBranch('b'), 'b1', { ...tricky, items: ['b'] });
    const join = await m.mergeStates(ctx, [a.checkpoint, b.checkpoint], { fieldReducers: { items: 'append' } });
    expect(join.checkpoint).toMatchObject({ seq: 4, state: { items: ['a', 'b'] } });

    const other = await PostgresStorage.open({ url: PG_URL, schema: storage.options.schema, embeddingDim: 8 });
    try {
      const resume = await new CheckpointManager(other).getResumePoint('r1', ctx);
      expect(resume).toMatchObject({ seq: 4, tenantId: 'acme', workflowId: 'wf' });
      expect(resume?.state).toEqual({ ...tricky, items: ['a', 'b'] });
      expect(resume?.branches.map((c) => c.branchId)).toEqual(['a', 'b', undefined]);
    } finally {
      await other.close();
    }
  });

  it('refuses a stale parent (a zombie worker) and writes nothing', async () => {
    const m = new CheckpointManager(storage);
    const ctx = ctxFor('stale');
    const one = await m.checkpoint(ctx, 'n1', { v: 1 });
    await m.checkpoint(ctx, 'n2', { v: 2 });
    await expect(m.checkpoint(ctx, 'zombie', { v: 3 }, { parentCheckpointId: one.checkpoint.id })).rejects.toBeInstanceOf(
      StaleCheckpointError,
    );
    expect(await m.listCheckpoints('stale', ctx)).toHaveLength(2);
  });
});
