import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type StorageBackend, type WorkItem, type WorkItemQuery } from '@alma/types';
import { expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_AGENT, FIXTURE_PROJECT, makeWorkItem, orderedIds } from '../fixtures.js';

const WORK_ITEM_DEFAULTS = {
  description: '',
  itemType: 'task',
  status: 'pending',
  priority: 50,
  timeSpentMs: 0,
  attemptCount: 0,
  blocks: [],
  blockedBy: [],
  tests: [],
  testsPassing: false,
  acceptanceCriteria: [],
  metadata: {},
};

const list = (store: StorageBackend, extra: Partial<WorkItemQuery> = {}) =>
  store.listWorkItems({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, ...extra });

/** Progress work items: round-trip with defaults, oldest-first listing, update, delete. */
export function progressSuite(ctx: SuiteContext): void {
  describe('progress work items', () => {
    ctx.test('progress.round-trip', async (store) => {
      const full = makeWorkItem({ tenantId: 'tenant-p' });
      expect(await store.saveWorkItem(full)).toBe(full.id);
      expectSameRecord(await store.getWorkItem(full.id, { tenantId: 'tenant-p' }), full);
      const f = makeWorkItem();
      const minimal = {
        id: f.id,
        projectId: f.projectId,
        title: f.title,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
      };
      await store.saveWorkItem(minimal as WorkItem);
      const read = await store.getWorkItem(f.id, SINGLE_TENANT);
      expectSameRecord(read, { ...minimal, ...WORK_ITEM_DEFAULTS });
      expect(read?.agent).toBeUndefined();
      expect(await store.getWorkItem('work_doesnotexist', SINGLE_TENANT)).toBeUndefined();
    });

    ctx.test('progress.list-order-filters', async (store) => {
      const [tieA, tieB] = orderedIds('work', 2) as [string, string];
      const w1 = makeWorkItem({ createdAt: at(2) });
      const w2 = makeWorkItem({ createdAt: at(0), status: 'done' });
      const w3 = makeWorkItem({ createdAt: at(1), agent: 'agent-b' });
      const ties = [makeWorkItem({ id: tieB, createdAt: at(5) }), makeWorkItem({ id: tieA, createdAt: at(5) })];
      const other = makeWorkItem({ createdAt: at(0), projectId: 'proj-other' });
      for (const w of [w1, ...ties, w2, w3, other]) await store.saveWorkItem(w);
      expect(idsOf(await list(store))).toEqual([w2.id, w3.id, w1.id, tieA, tieB]);
      expect(idsOf(await list(store, { agent: FIXTURE_AGENT }))).toEqual([w2.id, w1.id, tieA, tieB]);
      expect(idsOf(await list(store, { status: 'done' }))).toEqual([w2.id]);
      expect(idsOf(await list(store, { agent: 'agent-b', status: 'in_progress' }))).toEqual([w3.id]);
      expect(await list(store, { status: 'blocked' })).toEqual([]);
      expect(idsOf(await list(store, { projectId: 'proj-other' }))).toEqual([other.id]);
    });

    ctx.test('progress.update', async (store) => {
      const w = makeWorkItem();
      await store.saveWorkItem(w);
      const patch = {
        status: 'done' as const,
        completedAt: at(120),
        testsPassing: false,
        blockedBy: [],
        attemptCount: 3,
        updatedAt: at(121),
        metadata: { reviewer: 'someone' },
      };
      expect(await store.updateWorkItem(w.id, patch, SINGLE_TENANT)).toBe(true);
      expectSameRecord(await store.getWorkItem(w.id, SINGLE_TENANT), { ...w, ...patch });
      expect(await store.updateWorkItem('work_doesnotexist', patch, SINGLE_TENANT)).toBe(false);
    });

    ctx.test('progress.delete', async (store) => {
      const [a, b] = [makeWorkItem(), makeWorkItem()];
      await store.saveWorkItem(a);
      await store.saveWorkItem(b);
      expect(await store.deleteWorkItem(a.id, SINGLE_TENANT)).toBe(true);
      expect(await store.getWorkItem(a.id, SINGLE_TENANT)).toBeUndefined();
      expect(await store.deleteWorkItem(a.id, SINGLE_TENANT)).toBe(false);
      expect(idsOf(await list(store))).toEqual([b.id]);
    });
  });
}
