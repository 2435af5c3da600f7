import { describe, expect } from '@jest/globals';
import {
  cosineSimilarity,
  VECTOR_MEMORY_TYPES,
  type MemoryRecordMap,
  type MemoryType,
  type StorageBackend,
} from '@alma/types';
import { idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, makeMemory, orderedIds, unitVector, vector, withTime } from '../fixtures.js';
import { allOf } from './memories.js';

type VectorType = Exclude<MemoryType, 'user_preference'>;

/** A record of `type` with `embedding` (or none) and `minutes` as its time field. */
function rec<T extends VectorType>(type: T, embedding: Float32Array | undefined, minutes: number, extra: object = {}) {
  return makeMemory(type, { ...withTime(type, at(minutes)), ...(embedding ? { embedding } : {}), ...extra } as never);
}

async function saveAll(store: StorageBackend, type: MemoryType, records: readonly { id: string }[]): Promise<void> {
  for (const r of records) await store.saveMemory(type, r as MemoryRecordMap[MemoryType]);
}

/** Similarity search over the four embedded memory types. */
export function vectorsSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  const e0 = unitVector(dim, 0);
  const e1 = unitVector(dim, 1);
  const angle = (degrees: number, scale = 1) => {
    const r = (degrees * Math.PI) / 180;
    return vector(dim, [Math.cos(r) * scale, Math.sin(r) * scale]);
  };
  const types = VECTOR_MEMORY_TYPES as readonly VectorType[];

  describe('vectors', () => {
    ctx.test('vectors.order-and-similarity', async (store) => {
      for (const type of types) {
        // Newest first by time would give the reverse order.
        const embeddings = [e0, angle(45), angle(60), e1, vector(dim, [-1])];
        const records = embeddings.map((v, i) => rec(type, v, i * 10));
        await saveAll(store, type, [records[2], records[4], records[0], records[3], records[1]] as { id: string }[]);
        const result = await store.queryMemories(type, allOf(type, { embedding: e0, topK: 10 }));
        expect(idsOf(result)).toEqual(idsOf(records));
        result.forEach((scored, i) =>
          expect(scored.similarity).toBeCloseTo(cosineSimilarity(embeddings[i] as Float32Array, e0), 4),
        );
      }
    });

    ctx.test('vectors.cosine-not-dot-product', async (store) => {
      for (const type of types) {
        const exact = rec(type, unitVector(dim, 0, 0.1), 0);
        const longer = rec(type, angle(45, 10), 0);
        await saveAll(store, type, [longer, exact]);
        const result = await store.queryMemories(type, allOf(type, { embedding: unitVector(dim, 0, 5) }));
        expect(idsOf(result)).toEqual([exact.id, longer.id]);
        expect(result[0]?.similarity).toBeCloseTo(1, 4);
        expect(result[1]?.similarity).toBeCloseTo(Math.SQRT1_2, 4);
      }
    });

    ctx.test('vectors.without-embedding-left-out', async (store) => {
      for (const type of types) {
        const [withA, without, withB] = [rec(type, e0, 0), rec(type, undefined, 5), rec(type, e1, 0)];
        await saveAll(store, type, [withA, without, withB]);
        expect(idsOf(await store.queryMemories(type, allOf(type, { embedding: e0 })))).toEqual([withA.id, withB.id]);
        expect(await store.queryMemories(type, allOf(type))).toHaveLength(3);
      }
    });

    ctx.test('vectors.other-dimension-left-out', async (store) => {
      // Two valid behaviours: a store with a fixed dimension refuses the write (ValidationError, nothing stored);
      // a store without one keeps the record but leaves it out of similarity queries of another dimension.
      for (const type of types) {
        const same = rec(type, e1, 0);
        const other = rec(type, unitVector(dim + 1, 0), 0);
        await saveAll(store, type, [same]);
        let refused = false;
        try {
          await saveAll(store, type, [other]);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('VALIDATION');
          refused = true;
        }
        if (refused) expect(await store.getMemory(type, other.id, { allTenants: true })).toBeUndefined();
        expect(idsOf(await store.queryMemories(type, allOf(type, { embedding: e0 })))).toEqual([same.id]);
        expect(await store.queryMemories(type, allOf(type, { embedding: unitVector(dim + 1, 0) }))).toEqual(
          refused ? [] : [expect.objectContaining({ record: expect.objectContaining({ id: other.id }) })],
        );
      }
    });

    ctx.test('vectors.top-k', async (store) => {
      for (const type of types) {
        const records = Array.from({ length: 8 }, (_, i) => rec(type, angle(i * 10), 100 - i));
        await saveAll(store, type, [...records].reverse());
        const ids = idsOf(records);
        expect(idsOf(await store.queryMemories(type, { scope: {}, embedding: e0 }))).toEqual(ids.slice(0, 5));
        expect(idsOf(await store.queryMemories(type, allOf(type, { embedding: e0, topK: 3 })))).toEqual(
          ids.slice(0, 3),
        );
        expect(idsOf(await store.queryMemories(type, allOf(type, { embedding: e0, topK: 1 })))).toEqual(
          ids.slice(0, 1),
        );
      }
    });

    ctx.test('vectors.tie-break', async (store) => {
      for (const type of types) {
        const [a, b, c] = orderedIds(type, 3) as [string, string, string];
        const low = rec(type, angle(30), 50);
        const tied = [c, a, b].map((id, i) => rec(type, angle(10), i, { id }));
        await saveAll(store, type, [low, ...tied]);
        expect(idsOf(await store.queryMemories(type, allOf(type, { embedding: e0 })))).toEqual([a, b, c, low.id]);
      }
    });

    ctx.test('vectors.filters-combined', async (store) => {
      const q = <T extends VectorType>(type: T, extra: object) =>
        store.queryMemories(type, allOf(type, { embedding: e0, ...extra })).then(idsOf);
      const h = [
        rec('heuristic', e0, 0, { agent: 'agent-a', confidence: 0.3 }),
        rec('heuristic', angle(10), 0, { agent: 'agent-a', confidence: 0.9 }),
        rec('heuristic', angle(5), 0, { agent: 'agent-b', confidence: 0.9 }),
        rec('heuristic', e1, 0, { agent: 'agent-a', confidence: 0.8 }),
      ];
      await saveAll(store, 'heuristic', h);
      expect(await q('heuristic', { agents: ['agent-a'], minConfidence: 0.5 })).toEqual([h[1]?.id, h[3]?.id]);
      const o = [
        rec('outcome', e0, 0, { taskType: 'x', success: false }),
        rec('outcome', angle(10), 0, { taskType: 'x', success: true }),
        rec('outcome', angle(5), 0, { taskType: 'y', success: true }),
        rec('outcome', e1, 0, { taskType: 'x', success: true }),
      ];
      await saveAll(store, 'outcome', o);
      expect(await q('outcome', { taskType: 'x', successOnly: true })).toEqual([o[1]?.id, o[3]?.id]);
      const d = [
        rec('domain_knowledge', e0, 0, { domain: 'billing', confidence: 0.9 }),
        rec('domain_knowledge', angle(10), 0, { domain: 'auth', confidence: 0.9 }),
        rec('domain_knowledge', angle(5), 0, { domain: 'auth', confidence: 0.1 }),
        rec('domain_knowledge', e1, 0, { domain: 'auth', confidence: 0.6 }),
      ];
      await saveAll(store, 'domain_knowledge', d);
      expect(await q('domain_knowledge', { domain: 'auth', minConfidence: 0.5 })).toEqual([d[1]?.id, d[3]?.id]);
      const a = [
        rec('anti_pattern', e0, 0, { agent: 'agent-b' }),
        rec('anti_pattern', angle(10), 0, { agent: 'agent-a' }),
      ];
      await saveAll(store, 'anti_pattern', a);
      expect(await q('anti_pattern', { agents: ['agent-a'] })).toEqual([a[1]?.id]);
    });
  });
}
