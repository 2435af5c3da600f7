import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeCheckpoint,
  makeEntity,
  makeHeuristic,
  makeMemory,
  makeSessionHandoff,
  makeWorkflowOutcome,
  makeWorkItem,
  releaseAll,
} from '@alma/storage-conformance';
import { ADMIN_ALL_TENANTS, SINGLE_TENANT, type ValidationError } from '@alma/types';
import type { PostgresStorage } from './index.js';
import { adminClient, assertServerReady } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'nul');
let store: PostgresStorage;
beforeAll(async () => {
  await assertServerReady(admin);
  store = await stores.open(8);
});
afterAll(() =>
  releaseAll(
    () => store?.close(),
    () => stores.cleanup(),
    () => admin.end(),
  ));

const NUL = 'before\u0000after';

async function rejected(action: () => Promise<unknown>): Promise<ValidationError> {
  const error = (await action().then(
    () => undefined,
    (e: unknown) => e,
  )) as ValidationError | undefined;
  expect(error?.code).toBe('VALIDATION');
  expect(error?.message).toContain('U+0000');
  return error as ValidationError;
}

// PostgreSQL text and jsonb cannot hold U+0000. The adapter rejects it up front with a ValidationError naming the
// field, before anything is written (README: "Strings containing U+0000").
describe('U+0000 in strings', () => {
  it('is rejected in text fields, metadata values and metadata keys of every record kind, naming the field', async () => {
    expect((await rejected(() => store.saveMemory('heuristic', makeHeuristic({ condition: NUL })))).issues).toEqual([
      { path: 'condition', message: 'must not contain U+0000' },
    ]);
    expect((await rejected(() => store.saveMemory('heuristic', makeHeuristic({ metadata: { note: NUL } })))).message).toContain(
      'metadata.note',
    );
    await rejected(() => store.saveMemory('outcome', makeMemory('outcome', { metadata: { [NUL]: 1 } })));
    await rejected(() => store.saveMemories('domain_knowledge', [makeMemory('domain_knowledge'), makeMemory('domain_knowledge', { fact: NUL })]));
    await rejected(() => store.saveCheckpoint(makeCheckpoint({ state: `{"a":"${NUL}"}` })));
    await rejected(() => store.saveWorkflowOutcome(makeWorkflowOutcome({ strategiesUsed: ['ok', NUL] })));
    await rejected(() => store.saveSessionHandoff(makeSessionHandoff({ currentGoal: NUL })));
    await rejected(() => store.saveWorkItem(makeWorkItem({ tests: [NUL] })));
    await rejected(() => store.saveEntity(makeEntity({ properties: { nested: [{ deep: NUL }] } })));
    expect(await store.getStats({ scope: ADMIN_ALL_TENANTS, projectId: makeHeuristic().projectId })).toMatchObject({
      totalMemories: 0,
      workflowOutcomes: 0,
    });
  });

  it('is rejected in patches, and the stored record stays as it was', async () => {
    const h = makeHeuristic();
    await store.saveMemory('heuristic', h);
    await rejected(() => store.updateMemory('heuristic', h.id, { strategy: NUL }, SINGLE_TENANT));
    expect((await store.getMemory('heuristic', h.id, SINGLE_TENANT))?.strategy).toBe(h.strategy);
    const w = makeWorkItem();
    await store.saveWorkItem(w);
    await rejected(() => store.updateWorkItem(w.id, { description: NUL }, SINGLE_TENANT));
  });

  it('in a read or filter value fails the same way instead of with a driver error', async () => {
    await rejected(() => store.getMemory('heuristic', `id${NUL}`, SINGLE_TENANT));
    await rejected(() => store.queryMemories('outcome', { scope: SINGLE_TENANT, taskType: NUL }));
  });

  it('escaped inside JSON text (what canonical checkpoint state holds) is just six characters and round-trips', async () => {
    const state = JSON.stringify({ text: NUL });
    expect(state).toContain('\\u0000');
    const saved = await store.saveCheckpoint(makeCheckpoint({ state }));
    expect(JSON.parse((await store.getCheckpoint(saved.id, SINGLE_TENANT))?.state ?? '')).toEqual({ text: NUL });
  });
});
