import { describe, expect } from '@jest/globals';
import {
  MEMORY_TYPES,
  SINGLE_TENANT,
  VECTOR_MEMORY_TYPES,
  type MemoryQuery,
  type MemoryRecordMap,
  type MemoryType,
  type StorageBackend,
} from '@alma/types';
import { expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeHeuristic, makeMemory, orderedIds, unitVector, withTime } from '../fixtures.js';

/** A query of every record of `type` in the fixture project. */
export function allOf(_type: MemoryType, extra: Partial<MemoryQuery> = {}): MemoryQuery {
  return { scope: SINGLE_TENANT, topK: 1000, projectId: FIXTURE_PROJECT, ...extra };
}

async function saveAll<T extends MemoryType>(
  store: StorageBackend,
  type: T,
  records: MemoryRecordMap[T][],
): Promise<void> {
  for (const record of records) await store.saveMemory(type, record);
}

/** Memory CRUD round-trips and plain (non-vector) queries. */
export function memoriesSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('memories', () => {
    ctx.test('memories.round-trip', async (store) => {
      const scope = { tenantId: 'tenant-rt', workflowId: 'wf-rt', runId: 'run-rt', nodeId: 'node-rt' };
      for (const type of MEMORY_TYPES) {
        const embedding = VECTOR_MEMORY_TYPES.includes(type) ? { embedding: unitVector(dim, 1) } : {};
        const record = makeMemory(type, { ...scope, ...embedding });
        expect(await store.saveMemory(type, record)).toBe(record.id);
        expectSameRecord(await store.getMemory(type, record.id, { tenantId: 'tenant-rt' }), record);
      }
    });

    ctx.test('memories.round-trip-minimal', async (store) => {
      const optional: Record<MemoryType, string[]> = {
        heuristic: [],
        outcome: ['durationMs', 'errorMessage', 'userFeedback'],
        user_preference: [],
        domain_knowledge: [],
        anti_pattern: [],
      };
      for (const type of MEMORY_TYPES) {
        const record = makeMemory(type) as unknown as Record<string, unknown>;
        for (const key of ['metadata', ...optional[type]]) delete record[key];
        await store.saveMemory(type, record as unknown as MemoryRecordMap[typeof type]);
        const read = await store.getMemory(type, record['id'] as string, SINGLE_TENANT);
        expectSameRecord(read, { ...record, metadata: {} });
        for (const key of ['embedding', 'tenantId', 'workflowId', 'runId', 'nodeId', ...optional[type]]) {
          expect((read as unknown as Record<string, unknown>)[key]).toBeUndefined();
        }
      }
    });

    ctx.test('memories.get-missing', async (store) => {
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      expect(await store.getMemory('heuristic', 'heur_doesnotexist', SINGLE_TENANT)).toBeUndefined();
      for (const type of MEMORY_TYPES.filter((t) => t !== 'heuristic')) {
        expect(await store.getMemory(type, h.id, SINGLE_TENANT)).toBeUndefined();
      }
    });

    ctx.test('memories.query-order', async (store) => {
      for (const type of MEMORY_TYPES) {
        const [tieA, tieB] = orderedIds(type, 2) as [string, string];
        // Where the type has a createdAt, it runs the other way, so ordering by createdAt fails.
        const make = (minutes: number, id?: string) =>
          makeMemory(type, {
            ...withTime(type, at(minutes)),
            ...(type === 'heuristic' || type === 'anti_pattern' ? { createdAt: at(100 - minutes) } : {}),
            ...(id === undefined ? {} : { id }),
          } as never);
        const [old, now, mid] = [make(-10), make(0), make(-5)];
        await saveAll(store, type, [old, make(5, tieB), now, mid, make(5, tieA)]);
        const result = await store.queryMemories(type, allOf(type));
        expect(idsOf(result)).toEqual([tieA, tieB, now.id, mid.id, old.id]);
        for (const scored of result) expect(scored.similarity).toBeUndefined();
      }
    });

    ctx.test('memories.query-top-k', async (store) => {
      const records = Array.from({ length: 7 }, (_, i) => makeHeuristic({ lastValidated: at(i) }));
      await saveAll(store, 'heuristic', records);
      const newestFirst = records.map((r) => r.id).reverse();
      expect(idsOf(await store.queryMemories('heuristic', { scope: SINGLE_TENANT }))).toEqual(newestFirst.slice(0, 5));
      expect(idsOf(await store.queryMemories('heuristic', allOf('heuristic', { topK: 2 })))).toEqual(
        newestFirst.slice(0, 2),
      );
      expect(idsOf(await store.queryMemories('heuristic', allOf('heuristic', { topK: 100 })))).toEqual(newestFirst);
    });

    ctx.test('memories.query-project-agents', async (store) => {
      for (const type of VECTOR_MEMORY_TYPES) {
        const a1 = makeMemory(type, { agent: 'agent-a', ...withTime(type, at(4)) } as never);
        const b1 = makeMemory(type, { agent: 'agent-b', ...withTime(type, at(3)) } as never);
        const c1 = makeMemory(type, { agent: 'agent-c', ...withTime(type, at(2)) } as never);
        const a2 = makeMemory(type, { agent: 'agent-a', projectId: 'proj-other', ...withTime(type, at(1)) } as never);
        await saveAll(store, type, [a1, b1, c1, a2]);
        const q = (extra: Partial<MemoryQuery>) =>
          store.queryMemories(type, { scope: SINGLE_TENANT, topK: 100, ...extra });
        expect(idsOf(await q({ projectId: FIXTURE_PROJECT }))).toEqual([a1.id, b1.id, c1.id]);
        expect(idsOf(await q({ projectId: FIXTURE_PROJECT, agents: ['agent-a', 'agent-b'] }))).toEqual([a1.id, b1.id]);
        expect(idsOf(await q({ agents: ['agent-a'] }))).toEqual([a1.id, a2.id]);
        expect(idsOf(await q({ projectId: 'proj-other' }))).toEqual([a2.id]);
        expect(await q({ projectId: 'proj-none' })).toEqual([]);
      }
      const pref = makeMemory('user_preference');
      await store.saveMemory('user_preference', pref);
      const prefs = await store.queryMemories('user_preference', { scope: SINGLE_TENANT, agents: ['nobody'] });
      expect(idsOf(prefs)).toEqual([pref.id]);
    });

    ctx.test('memories.query-type-filters', async (store) => {
      for (const type of ['heuristic', 'domain_knowledge', 'user_preference'] as const) {
        const [low, mid, high] = [0.2, 0.5, 0.9].map((confidence, i) =>
          makeMemory(type, { confidence, ...withTime(type, at(i)) } as never),
        ) as unknown as [{ id: string }, { id: string }, { id: string }];
        await saveAll(store, type, [low, mid, high] as never[]);
        const got = await store.queryMemories(type, allOf(type, { minConfidence: 0.5 }));
        expect(idsOf(got)).toEqual([high.id, mid.id]);
      }
      const outcomes = [
        makeMemory('outcome', { taskType: 'api_testing', success: true, timestamp: at(3) }),
        makeMemory('outcome', { taskType: 'api_testing', success: false, timestamp: at(2) }),
        makeMemory('outcome', { taskType: 'form_testing', success: true, timestamp: at(1) }),
      ];
      await saveAll(store, 'outcome', outcomes);
      const ids = outcomes.map((o) => o.id);
      expect(idsOf(await store.queryMemories('outcome', allOf('outcome', { taskType: 'api_testing' })))).toEqual(
        ids.slice(0, 2),
      );
      expect(idsOf(await store.queryMemories('outcome', allOf('outcome', { successOnly: true })))).toEqual([
        ids[0],
        ids[2],
      ]);
      const both = await store.queryMemories(
        'outcome',
        allOf('outcome', { taskType: 'api_testing', successOnly: true }),
      );
      expect(idsOf(both)).toEqual([ids[0]]);
      const dkAuth = makeMemory('domain_knowledge', { domain: 'billing', confidence: 0.95, lastVerified: at(-50) });
      await store.saveMemory('domain_knowledge', dkAuth);
      expect(
        idsOf(await store.queryMemories('domain_knowledge', allOf('domain_knowledge', { domain: 'billing' }))),
      ).toEqual([dkAuth.id]);
      const other = makeMemory('user_preference', { userId: 'user-beta', category: 'tone', timestamp: at(-50) });
      await store.saveMemory('user_preference', other);
      expect(
        idsOf(await store.queryMemories('user_preference', allOf('user_preference', { userId: 'user-beta' }))),
      ).toEqual([other.id]);
      const tone = await store.queryMemories('user_preference', allOf('user_preference', { category: 'tone' }));
      expect(idsOf(tone)).toEqual([other.id]);
    });

    ctx.test('memories.no-shared-references', async (store) => {
      const h = makeHeuristic({ embedding: unitVector(dim, 0) });
      const snapshot = structuredClone(h);
      await store.saveMemory('heuristic', h);
      (h.metadata as Record<string, unknown>)['label'] = 'mutated';
      (h.metadata as { nested: { flags: boolean[] } }).nested.flags[0] = false;
      (h.embedding as Float32Array)[0] = 42;
      h.lastValidated.setTime(0);
      const read = await store.getMemory('heuristic', h.id, SINGLE_TENANT);
      expectSameRecord(read, snapshot);
      (read?.metadata as Record<string, unknown>)['label'] = 'mutated again';
      if (read?.embedding) read.embedding[1] = 7;
      read?.lastValidated.setTime(0);
      expectSameRecord(await store.getMemory('heuristic', h.id, SINGLE_TENANT), snapshot);
    });

    ctx.test('memories.delete', async (store) => {
      const records = MEMORY_TYPES.map((type) => [type, makeMemory(type)] as const);
      for (const [type, record] of records) await store.saveMemory(type, record);
      const [, heuristic] = records[0] as readonly [MemoryType, { id: string }];
      expect(await store.deleteMemory('outcome', heuristic.id, SINGLE_TENANT)).toBe(false);
      for (const [type, record] of records) {
        expect(await store.deleteMemory(type, record.id, SINGLE_TENANT)).toBe(true);
        expect(await store.getMemory(type, record.id, SINGLE_TENANT)).toBeUndefined();
        expect(await store.deleteMemory(type, record.id, SINGLE_TENANT)).toBe(false);
      }
    });
  });
}
