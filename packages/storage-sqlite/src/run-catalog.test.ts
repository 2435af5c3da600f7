import { afterAll, describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  encodeRunCursor,
  isAfterRunCursor,
  matchesRunMetadata,
  SINGLE_TENANT,
  StaleCheckpointError,
  ValidationError,
  type RunQuery,
  type RunSummary,
} from '@alma/types';
import type { SqliteStorage } from './index.js';
import { at, checkpoint, storeFactory } from './test-support/fixtures.js';

const stores = storeFactory('alma-sqlite-runs-');
afterAll(() => stores.cleanup());
const T = { tenantId: 'acme' };

/** Every page of a query, following nextCursor. */
async function listAll(store: SqliteStorage, query: RunQuery): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRuns({ ...query, ...(cursor ? { cursor } : {}) });
    seen.push(...page.runs.map((r) => r.runId));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('run catalog (SQLite specifics)', () => {
  it('pages and filters exactly like the shared helpers say (sort, isAfterRunCursor, matchesRunMetadata)', async () => {
    const store = stores.memory();
    const statuses = ['running', 'completed', 'failed'] as const;
    for (let i = 0; i < 40; i++) {
      const runId = `r-${String((i * 7) % 40).padStart(2, '0')}`;
      await store.saveCheckpoint(checkpoint(`c-${i}`, runId, { ...T, workflowId: `wf-${i % 2}`, createdAt: at(i % 9) }));
      await store.updateRun(runId, { status: statuses[i % 3], metadata: { user: `u${i % 4}`, n: i % 5, ok: i % 2 === 0 } }, T);
    }
    const all = (await store.listRuns({ scope: T, limit: 1000 })).runs;
    expect(all).toHaveLength(40);
    const reference = (filter: (r: RunSummary) => boolean) =>
      [...all]
        .sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || (a.runId < b.runId ? -1 : 1))
        .filter(filter)
        .map((r) => r.runId);
    expect(all.map((r) => r.runId)).toEqual(reference(() => true));
    const queries: Array<Omit<RunQuery, 'scope'>> = [
      {},
      { workflowId: 'wf-1' },
      { status: 'failed' },
      { metadata: { user: 'u1' } },
      { metadata: { n: 3, ok: false } },
      { status: 'completed', metadata: { ok: true } },
    ];
    for (const q of queries) {
      const expected = reference(
        (r) =>
          (q.workflowId === undefined || r.workflowId === q.workflowId) &&
          (q.status === undefined || r.status === q.status) &&
          matchesRunMetadata(r.metadata, q.metadata),
      );
      expect(await listAll(store, { scope: T, limit: 7, ...q })).toEqual(expected);
    }
    const middle = all[17] as RunSummary;
    const after = (await store.listRuns({ scope: T, limit: 1000, cursor: encodeRunCursor(middle) })).runs.map((r) => r.runId);
    expect(after).toEqual(reference((r) => isAfterRunCursor(r, middle)));
  });

  it('compares metadata with its JSON type and takes any key verbatim', async () => {
    const store = stores.memory();
    await store.saveCheckpoint(checkpoint('m1', 'meta', T));
    const metadata = { n: 2, s: '2', t: true, one: 1, 'a.b"c\'d': 'x', f: 2.5, nested: { k: 1 } };
    expect(await store.updateRun('meta', { metadata }, T)).toBe(true);
    const ids = async (filter: Record<string, string | number | boolean>) =>
      (await store.listRuns({ scope: T, metadata: filter })).runs.map((r) => r.runId);
    expect(await ids({ n: 2 })).toEqual(['meta']);
    expect(await ids({ n: '2' })).toEqual([]);
    expect(await ids({ s: 2 })).toEqual([]);
    expect(await ids({ t: true })).toEqual(['meta']);
    expect(await ids({ t: 1 })).toEqual([]);
    expect(await ids({ one: true })).toEqual([]);
    expect(await ids({ f: 2.5 })).toEqual(['meta']);
    expect(await ids({ 'a.b"c\'d': 'x' })).toEqual(['meta']);
    expect(await ids({ "x' OR 1=1 --": 'x' })).toEqual([]);
    expect(await ids({ missing: false })).toEqual([]);
    expect((await store.getRun('meta', T))?.metadata).toEqual(metadata);
  });

  it('rejects cursors it cannot use and empty patches answer whether the run exists', async () => {
    const store = stores.memory();
    await store.saveCheckpoint(checkpoint('x1', 'x', T));
    const huge = Buffer.from(JSON.stringify([1e300, 'r'])).toString('base64url');
    await expect(store.listRuns({ scope: T, cursor: huge })).rejects.toBeInstanceOf(ValidationError);
    expect(await store.updateRun('x', {}, T)).toBe(true);
    expect(await store.updateRun('x', {}, { tenantId: 'other' })).toBe(false);
    expect(await store.updateRun('x', { agent: 'helena' }, T)).toBe(true);
    expect((await store.listRuns({ scope: T, agent: 'helena' })).runs.map((r) => r.runId)).toEqual(['x']);
  });

  it('keeps counters right through retention deletes and never reuses a seq', async () => {
    const store = stores.file();
    const states = ['{"a":1}', '{"b":"ü"}', '{"c":[1,2]}', '{"d":null}'];
    for (const [i, state] of states.entries()) {
      await store.saveCheckpoint(checkpoint(`k${i}`, 'keep', { ...T, state, createdAt: at(i), branchId: i === 3 ? 'b' : undefined }));
    }
    await store.saveCheckpoint(checkpoint('o0', 'other', { ...T, createdAt: at(0) }));
    expect(await store.deleteCheckpointsOlderThan(at(2), T)).toBe(3);
    const bytes = (list: string[]) => list.reduce((n, s) => n + Buffer.byteLength(s), 0);
    expect(await store.getRun('keep', T)).toMatchObject({
      checkpointCount: 2, latestSeq: 4, stateBytes: bytes(states.slice(2)), storedBytes: bytes(states.slice(2)), branches: ['b'],
    });
    expect(await store.getRun('other', T)).toMatchObject({ checkpointCount: 0, latestSeq: 1, stateBytes: 0, storedBytes: 0 });
    // The highest seqs gone too: the next one still follows the highest ever assigned.
    expect(await store.deleteCheckpoints('keep', T, { olderThan: at(10) })).toBe(2);
    expect((await store.getRun('keep', T))?.branches).toEqual([]);
    expect((await store.saveCheckpoint(checkpoint('k9', 'keep', T))).seq).toBe(5);
    expect((await store.listRuns({ scope: T })).runs.map((r) => r.runId).sort()).toEqual(['keep', 'other']);
  });

  it('tombstones a deleted run for saves and restores, only within the tenant that owns it', async () => {
    const store = stores.memory();
    const first = await store.saveCheckpoint(checkpoint('t1', 'tomb', { ...T, createdAt: at(1) }));
    expect(await store.deleteCheckpoints('tomb', { tenantId: 'other' })).toBe(0);
    expect((await store.getRun('tomb', T))?.checkpointCount).toBe(1); // not tombstoned by another tenant
    expect(await store.deleteCheckpoints('tomb', T)).toBe(1);
    const late = store.saveCheckpoint(checkpoint('t2', 'tomb', T));
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    await expect(late).rejects.toThrow(/Run 'tomb' was deleted at \d{4}-\d\d-\d\dT[\d:.]+Z/);
    await expect(store.restoreCheckpoint(first)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.updateRun('tomb', { status: 'failed' }, T)).toBe(false);
    expect(await store.listCheckpoints('tomb', T)).toEqual([]);
  });

  it('checks the branch tip atomically and stores nothing when stale', async () => {
    const store = stores.file();
    const main = await store.saveCheckpoint(checkpoint('s1', 'stale', { expectedLatestId: null }));
    const err = await store.saveCheckpoint(checkpoint('s2', 'stale', { expectedLatestId: 'nope' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleCheckpointError);
    expect((err as StaleCheckpointError).details).toMatchObject({ runId: 'stale', expectedParentId: 'nope', actualLatestId: main.id });
    await expect(store.saveCheckpoint(checkpoint('s3', 'stale', { branchId: 'b', expectedLatestId: main.id }))).rejects.toBeInstanceOf(
      StaleCheckpointError,
    );
    expect(await store.getRun('stale', SINGLE_TENANT)).toMatchObject({ checkpointCount: 1, latestSeq: 1, branches: [] });
    expect(await store.getCheckpoint('s2', SINGLE_TENANT)).toBeUndefined();
  });

  it('validates restored records and keeps their seq and createdAt', async () => {
    const store = stores.memory();
    const record = { ...checkpoint('r7', 'restored', T), seq: 7, createdAt: at(3), metadata: {} };
    await expect(store.restoreCheckpoint({ ...record, seq: 0 })).rejects.toBeInstanceOf(ValidationError);
    await store.restoreCheckpoint(record);
    await expect(store.restoreCheckpoint({ ...record, id: 'r7-bis' })).rejects.toThrow(/already has a checkpoint with seq 7/);
    expect(await store.getRun('restored', T)).toMatchObject({ latestSeq: 7, checkpointCount: 1, firstAt: at(3), lastAt: at(3) });
    expect((await store.saveCheckpoint(checkpoint('r8', 'restored', T))).seq).toBe(8);
  });
});
