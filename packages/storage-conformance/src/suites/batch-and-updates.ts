import { describe, expect } from '@jest/globals';
import { MEMORY_TYPES, SINGLE_TENANT, type MemoryPatch, type MemoryType } from '@alma/types';
import {
  expectConflictError,
  expectDateWithin,
  expectSameRecord,
  expectValidationError,
  idsOf,
} from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, makeHeuristic, makeMemory, unitVector } from '../fixtures.js';
import { allOf } from './memories.js';

/** A valid patch per type, touching text, numbers, booleans, dates and metadata. */
export const SAMPLE_PATCHES: { [K in MemoryType]: MemoryPatch<K> } = {
  heuristic: { confidence: 0.33, strategy: 'bisect first', metadata: { patched: true } },
  outcome: { success: false, userFeedback: 'it broke later', durationMs: 99 },
  user_preference: { preference: 'prefers tabs', confidence: 0.1 },
  domain_knowledge: { fact: 'sessions expire after 12 hours', confidence: 0.2, lastVerified: at(100) },
  anti_pattern: { occurrenceCount: 9, betterAlternative: 'poll with a timeout' },
};

/** saveMemories, updateMemory and incrementHeuristicOccurrence. */
export function batchAndUpdatesSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('batch saves and updates', () => {
    ctx.test('batch.save-memories', async (store) => {
      for (const type of MEMORY_TYPES) {
        const records = [makeMemory(type), makeMemory(type), makeMemory(type)];
        expect(await store.saveMemories(type, records)).toEqual(records.map((r) => r.id));
        for (const record of records) expectSameRecord(await store.getMemory(type, record.id, SINGLE_TENANT), record);
      }
    });

    ctx.test('batch.save-memories-empty', async (store) => {
      for (const type of MEMORY_TYPES) expect(await store.saveMemories(type, [])).toEqual([]);
    });

    ctx.test('batch.save-memories-invalid', async (store) => {
      const good1 = makeHeuristic();
      const good2 = makeHeuristic();
      const bad = makeHeuristic({ confidence: 2 });
      await expectValidationError(() => store.saveMemories('heuristic', [good1, bad, good2]));
      for (const r of [good1, bad, good2])
        expect(await store.getMemory('heuristic', r.id, SINGLE_TENANT)).toBeUndefined();
    });

    ctx.test('batch.save-memories-conflict', async (store) => {
      const existing = makeHeuristic();
      await store.saveMemory('heuristic', existing);
      const fresh1 = makeHeuristic();
      const fresh2 = makeHeuristic();
      await expectConflictError(() =>
        store.saveMemories('heuristic', [fresh1, { ...existing, condition: 'overwritten?' }, fresh2]),
      );
      expectSameRecord(await store.getMemory('heuristic', existing.id, SINGLE_TENANT), existing);
      const twice = makeHeuristic();
      await expectConflictError(() => store.saveMemories('heuristic', [twice, { ...twice, strategy: 'second copy' }]));
      if (store.capabilities.transactions) {
        for (const r of [fresh1, fresh2, twice])
          expect(await store.getMemory('heuristic', r.id, SINGLE_TENANT)).toBeUndefined();
      }
    });

    ctx.test('updates.update-memory', async (store) => {
      for (const type of MEMORY_TYPES) {
        const record = makeMemory(type);
        await store.saveMemory(type, record);
        const patch = SAMPLE_PATCHES[type];
        expect(await store.updateMemory(type, record.id, patch, SINGLE_TENANT)).toBe(true);
        expectSameRecord(await store.getMemory(type, record.id, SINGLE_TENANT), { ...record, ...patch });
        expect(await store.updateMemory(type, `${record.id}-missing`, patch, SINGLE_TENANT)).toBe(false);
      }
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      expect(await store.updateMemory('outcome', h.id, { success: false }, SINGLE_TENANT)).toBe(false);
      expectSameRecord(await store.getMemory('heuristic', h.id, SINGLE_TENANT), h);
    });

    ctx.test('updates.update-memory-embedding', async (store) => {
      const h1 = makeHeuristic({ embedding: unitVector(dim, 0) });
      const h2 = makeHeuristic({ embedding: unitVector(dim, 1) });
      await store.saveMemories('heuristic', [h1, h2]);
      const query = allOf('heuristic', { embedding: unitVector(dim, 0) });
      expect(idsOf(await store.queryMemories('heuristic', query))).toEqual([h1.id, h2.id]);
      expect(await store.updateMemory('heuristic', h1.id, { embedding: unitVector(dim, 1) }, SINGLE_TENANT)).toBe(true);
      expect(await store.updateMemory('heuristic', h2.id, { embedding: unitVector(dim, 0) }, SINGLE_TENANT)).toBe(true);
      const after = await store.queryMemories('heuristic', query);
      expect(idsOf(after)).toEqual([h2.id, h1.id]);
      expect(after[0]?.similarity).toBeCloseTo(1, 5);
      expect(after[1]?.similarity).toBeCloseTo(0, 5);
      expectSameRecord(await store.getMemory('heuristic', h1.id, SINGLE_TENANT), {
        ...h1,
        embedding: unitVector(dim, 1),
      });
    });

    ctx.test('updates.increment-heuristic', async (store) => {
      const h = makeHeuristic({ occurrenceCount: 5, successCount: 4 });
      await store.saveMemory('heuristic', h);
      const before = Date.now();
      expect(await store.incrementHeuristicOccurrence(h.id, true, SINGLE_TENANT)).toBe(true);
      expect(await store.incrementHeuristicOccurrence(h.id, false, SINGLE_TENANT)).toBe(true);
      const after = Date.now();
      const read = await store.getMemory('heuristic', h.id, SINGLE_TENANT);
      expect(read?.occurrenceCount).toBe(7);
      expect(read?.successCount).toBe(5);
      expectDateWithin(read?.lastValidated, before, after);
      expectSameRecord(read, { ...h, occurrenceCount: 7, successCount: 5, lastValidated: read?.lastValidated });
      expect(await store.incrementHeuristicOccurrence('heur_doesnotexist', true, SINGLE_TENANT)).toBe(false);
      const outcome = makeMemory('outcome');
      await store.saveMemory('outcome', outcome);
      expect(await store.incrementHeuristicOccurrence(outcome.id, true, SINGLE_TENANT)).toBe(false);
    });

    ctx.test('updates.increment-heuristic-concurrent', async (store) => {
      const h = makeHeuristic({ occurrenceCount: 0, successCount: 0 });
      await store.saveMemory('heuristic', h);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => store.incrementHeuristicOccurrence(h.id, i % 3 === 0, SINGLE_TENANT)),
      );
      expect(results.every(Boolean)).toBe(true);
      const read = await store.getMemory('heuristic', h.id, SINGLE_TENANT);
      expect({ occurrenceCount: read?.occurrenceCount, successCount: read?.successCount }).toEqual({
        occurrenceCount: 30,
        successCount: 10,
      });
    });
  });
}
