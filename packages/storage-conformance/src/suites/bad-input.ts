import { describe, expect } from '@jest/globals';
import {
  ADMIN_ALL_TENANTS,
  MEMORY_TYPES,
  SINGLE_TENANT,
  VECTOR_MEMORY_TYPES,
  type MemoryRecordMap,
  type MemoryType,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { expectConflictError, expectSameRecord, expectValidationError } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { FIXTURE_PROJECT, makeHeuristic, makeMemory, makeSessionHandoff, makeWorkItem } from '../fixtures.js';
import { recordKinds } from './record-kinds.js';

/** Invalid variants of each memory type (on top of the common ones below). */
const INVALID_MEMORY: { [K in MemoryType]: Record<string, unknown>[] } = {
  heuristic: [
    { confidence: 2 },
    { condition: '' },
    { occurrenceCount: -1 },
    { successCount: 1.5 },
    { lastValidated: 'not a date' },
  ],
  outcome: [{ success: 'yes' }, { taskType: '' }, { durationMs: -5 }, { timestamp: new Date(Number.NaN) }],
  user_preference: [{ confidence: -0.1 }, { category: '' }, { userId: '' }],
  domain_knowledge: [{ domain: '' }, { confidence: 1.1 }, { source: 42 }],
  anti_pattern: [{ pattern: '' }, { occurrenceCount: -2 }, { lastSeen: {} }],
};
const INVALID_COMMON: Record<string, unknown>[] = [
  { metadata: 'not an object' },
  { tenantId: '' },
  { projectId: undefined },
];

const BAD_IDS = ['', 'x'.repeat(257), 'nul\u0000id', 'tab\tid', 'new\nline'];

async function expectMemoryAbsent(store: StorageBackend, type: MemoryType, id: unknown): Promise<void> {
  if (typeof id === 'string' && id.length > 0 && id.length <= 256) {
    expect(await store.getMemory(type, id, ADMIN_ALL_TENANTS)).toBeUndefined();
  }
  expect(await store.queryMemories(type, { scope: ADMIN_ALL_TENANTS, projectId: FIXTURE_PROJECT, topK: 1000 })).toEqual(
    [],
  );
}

/** Validation (ValidationError, nothing written), malformed ids, oversized fields, duplicates, bad scopes. */
export function badInputSuite(ctx: SuiteContext): void {
  const dim = ctx.embeddingDim;
  describe('bad input', () => {
    ctx.test('bad-input.invalid-memories', async (store) => {
      for (const type of MEMORY_TYPES) {
        const vector = VECTOR_MEMORY_TYPES.includes(type) ? [{ embedding: [1, Number.NaN] }, { embedding: [] }] : [];
        for (const override of [...INVALID_MEMORY[type], ...INVALID_COMMON, ...vector]) {
          const record = { ...makeMemory(type), ...override } as MemoryRecordMap[typeof type];
          await expectValidationError(() => store.saveMemory(type, record));
          await expectMemoryAbsent(store, type, record.id);
        }
        const missing = makeMemory(type) as unknown as Record<string, unknown>;
        delete missing[type === 'user_preference' ? 'userId' : 'agent'];
        await expectValidationError(() => store.saveMemory(type, missing as never));
        await expectMemoryAbsent(store, type, missing['id']);
      }
    });

    ctx.test('bad-input.invalid-records', async (store) => {
      for (const kind of await recordKinds(store, dim)) {
        for (const override of kind.invalid) {
          const record = { ...kind.make(), ...override };
          await expectValidationError(() => kind.save(record));
          expect({ kind: kind.name, override, stored: await kind.count() }).toEqual({
            kind: kind.name,
            override,
            stored: 0,
          });
        }
      }
    });

    ctx.test('bad-input.invalid-patches', async (store) => {
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      await expectValidationError(() => store.updateMemory('heuristic', h.id, { confidence: 2 }, SINGLE_TENANT));
      await expectValidationError(() => store.updateMemory('heuristic', h.id, { condition: '' }, SINGLE_TENANT));
      expectSameRecord(await store.getMemory('heuristic', h.id, SINGLE_TENANT), h);
      const w = makeWorkItem();
      await store.saveWorkItem(w);
      await expectValidationError(() => store.updateWorkItem(w.id, { status: 'finished' as never }, SINGLE_TENANT));
      await expectValidationError(() => store.updateWorkItem(w.id, { priority: 101 }, SINGLE_TENANT));
      expectSameRecord(await store.getWorkItem(w.id, SINGLE_TENANT), w);
      const s = makeSessionHandoff();
      await store.saveSessionHandoff(s);
      await expectValidationError(() => store.updateSessionHandoff(s.id, { confidenceLevel: 5 }, SINGLE_TENANT));
      const [read] = await store.listSessionHandoffs({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT });
      expectSameRecord(read, s);
    });

    ctx.test('bad-input.malformed-ids', async (store) => {
      const kinds = await recordKinds(store, dim);
      for (const id of BAD_IDS) {
        for (const type of MEMORY_TYPES) {
          await expectValidationError(() => store.saveMemory(type, makeMemory(type, { id } as never)));
        }
        for (const kind of kinds) {
          for (const field of kind.idFields)
            await expectValidationError(() => kind.save({ ...kind.make(), [field]: id }));
        }
      }
      for (const type of MEMORY_TYPES) await expectMemoryAbsent(store, type, undefined);
      for (const kind of kinds)
        expect({ kind: kind.name, stored: await kind.count() }).toEqual({ kind: kind.name, stored: 0 });
      const longest = makeHeuristic({ id: 'h'.repeat(256) });
      await store.saveMemory('heuristic', longest);
      expectSameRecord(await store.getMemory('heuristic', longest.id, SINGLE_TENANT), longest);
    });

    ctx.test('bad-input.oversized-fields', async (store) => {
      const tooLong = 'x'.repeat(100_001);
      await expectValidationError(() => store.saveMemory('heuristic', makeHeuristic({ condition: tooLong })));
      await expectValidationError(() => store.saveMemory('outcome', makeMemory('outcome', { strategyUsed: tooLong })));
      await expectValidationError(() =>
        store.saveMemory('heuristic', makeHeuristic({ embedding: new Float32Array(8193).fill(0.1) })),
      );
      await expectMemoryAbsent(store, 'heuristic', undefined);
      for (const kind of await recordKinds(store, dim)) {
        for (const override of kind.oversized) {
          await expectValidationError(() => kind.save({ ...kind.make(), ...override }));
        }
        expect({ kind: kind.name, stored: await kind.count() }).toEqual({ kind: kind.name, stored: 0 });
      }
    });

    ctx.test('bad-input.duplicate-ids', async (store) => {
      for (const type of MEMORY_TYPES) {
        const original = makeMemory(type);
        await store.saveMemory(type, original);
        const copy = makeMemory(type, {
          id: original.id,
          ...(type === 'user_preference' ? {} : { agent: 'agent-other' }),
        } as never);
        await expectConflictError(() => store.saveMemory(type, copy));
        expectSameRecord(await store.getMemory(type, original.id, SINGLE_TENANT), original);
      }
      for (const kind of await recordKinds(store, dim)) {
        const original = kind.make();
        await kind.save(original);
        await expectConflictError(() => kind.save({ ...kind.make(), id: original['id'] }));
        expect({ kind: kind.name, stored: await kind.count() }).toEqual({ kind: kind.name, stored: 1 });
        expectSameRecord(await kind.read(original['id'] as string), kind.expected(original));
      }
    });

    ctx.test('bad-input.invalid-scope-filter', async (store) => {
      const h = makeHeuristic({ tenantId: 'tenant-x' });
      await store.saveMemory('heuristic', h);
      const bad: ScopeFilter[] = [{ allTenants: true, tenantId: 'tenant-x' }, { tenantId: '' }];
      for (const scope of bad) {
        await expectValidationError(() => store.getMemory('heuristic', h.id, scope));
        await expectValidationError(() => store.queryMemories('heuristic', { scope }));
        await expectValidationError(() => store.listCheckpoints('run-conformance', scope));
        await expectValidationError(() => store.deleteMemory('heuristic', h.id, scope));
      }
      expectSameRecord(await store.getMemory('heuristic', h.id, { tenantId: 'tenant-x' }), h);
    });
  });
}
