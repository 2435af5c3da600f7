import { describe, expect } from '@jest/globals';
import {
  MEMORY_TYPES,
  MEMORY_TYPES_WITH_CONFIDENCE,
  SINGLE_TENANT,
  type MemoryType,
  type StorageBackend,
} from '@alma/types';
import { idsOf, sortedIds, sortIds } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeHeuristic, makeMemory, withTime } from '../fixtures.js';
import { allOf } from './memories.js';

async function remaining(store: StorageBackend, type: MemoryType, projectId = FIXTURE_PROJECT): Promise<string[]> {
  return sortedIds(await store.queryMemories(type, allOf(type, { projectId })));
}

/** Bulk memory deletes by age, confidence, project and agent. */
export function cleanupSuite(ctx: SuiteContext): void {
  describe('cleanup', () => {
    ctx.test('cleanup.memories-older-than', async (store) => {
      for (const type of MEMORY_TYPES) {
        // createdAt (where present) runs the other way, so aging by createdAt deletes the wrong records.
        const make = (minutes: number) =>
          makeMemory(type, {
            ...withTime(type, at(minutes)),
            ...(type === 'heuristic' || type === 'anti_pattern' ? { createdAt: at(-minutes) } : {}),
          } as never);
        const [old1, old2, fresh] = [make(-30), make(-10), make(10)];
        for (const r of [old1, old2, fresh]) await store.saveMemory(type, r);
        const deleted = await store.deleteMemories(type, {
          scope: SINGLE_TENANT,
          projectId: FIXTURE_PROJECT,
          olderThan: at(0),
        });
        expect({ type, deleted }).toEqual({ type, deleted: 2 });
        expect(await remaining(store, type)).toEqual([fresh.id]);
      }
    });

    ctx.test('cleanup.memories-below-confidence', async (store) => {
      for (const type of MEMORY_TYPES_WITH_CONFIDENCE) {
        const records = [0.1, 0.49, 0.5, 0.8].map((confidence) => makeMemory(type, { confidence } as never));
        for (const r of records) await store.saveMemory(type, r);
        const deleted = await store.deleteMemories(type, {
          scope: SINGLE_TENANT,
          projectId: FIXTURE_PROJECT,
          belowConfidence: 0.5,
        });
        expect({ type, deleted }).toEqual({ type, deleted: 2 });
        expect(await remaining(store, type)).toEqual(sortIds(idsOf(records.slice(2))));
      }
    });

    ctx.test('cleanup.memories-combined-filters', async (store) => {
      const oldLow = makeHeuristic({ lastValidated: at(-10), confidence: 0.1 });
      const oldHigh = makeHeuristic({ lastValidated: at(-10), confidence: 0.9 });
      const newLow = makeHeuristic({ lastValidated: at(10), confidence: 0.1 });
      const newHigh = makeHeuristic({ lastValidated: at(10), confidence: 0.9 });
      await store.saveMemories('heuristic', [oldLow, oldHigh, newLow, newHigh]);
      const deleted = await store.deleteMemories('heuristic', {
        scope: SINGLE_TENANT,
        projectId: FIXTURE_PROJECT,
        olderThan: at(0),
        belowConfidence: 0.5,
      });
      expect(deleted).toBe(1);
      expect(await remaining(store, 'heuristic')).toEqual(sortIds([oldHigh.id, newLow.id, newHigh.id]));
    });

    ctx.test('cleanup.memories-project-agent', async (store) => {
      const a1 = makeHeuristic({ agent: 'agent-a', lastValidated: at(-100) });
      const a2 = makeHeuristic({ agent: 'agent-a', lastValidated: at(-100) });
      const b1 = makeHeuristic({ agent: 'agent-b', lastValidated: at(-100) });
      const other = makeHeuristic({ agent: 'agent-a', projectId: 'proj-other', lastValidated: at(-100) });
      await store.saveMemories('heuristic', [a1, a2, b1, other]);
      const filter = { scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT };
      expect(await store.deleteMemories('heuristic', { ...filter, agent: 'agent-a', olderThan: at(0) })).toBe(2);
      expect(await remaining(store, 'heuristic')).toEqual([b1.id]);
      expect(await store.deleteMemories('heuristic', filter)).toBe(1);
      expect(await remaining(store, 'heuristic')).toEqual([]);
      expect(await remaining(store, 'heuristic', 'proj-other')).toEqual([other.id]);
      expect(await store.deleteMemories('heuristic', { ...filter, projectId: 'proj-none' })).toBe(0);
    });
  });
}
