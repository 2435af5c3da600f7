import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidNamespaceError } from '@langchain/langgraph-checkpoint';
import { Annotation, END, START, StateGraph, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { ValidationError } from '@alma/types';
import type { SqliteStorage } from '@alma/storage-sqlite';
import { memoryStore, saverOn } from '../test-support/fixtures.js';
import { AlmaMemoryStore } from './memory-store.js';

/** A deterministic toy embedding: letter frequencies. */
const embed = async (text: string) => {
  const v = new Array<number>(26).fill(0);
  for (const ch of text.toLowerCase())
    if (ch >= 'a' && ch <= 'z') v[ch.charCodeAt(0) - 97] = (v[ch.charCodeAt(0) - 97] ?? 0) + 1;
  return v;
};

const heuristic = (condition: string, strategy: string) => ({
  condition,
  strategy,
  confidence: 0.8,
  occurrenceCount: 3,
  successCount: 2,
});

let storage: SqliteStorage;
let store: AlmaMemoryStore;

beforeEach(() => {
  storage = memoryStore();
  store = new AlmaMemoryStore({ storage, projectId: 'shop', tenantId: 'acme', embed });
});
afterEach(async () => {
  await storage.close();
});

describe('AlmaMemoryStore: ALMA memories through LangGraph BaseStore', () => {
  it('puts and gets a memory as an item of [type, owner]', async () => {
    await store.put(['heuristic', 'helena'], 'heur_1', heuristic('form has 20 fields', 'test top to bottom'));
    const item = await store.get(['heuristic', 'helena'], 'heur_1');
    expect(item).toMatchObject({ namespace: ['heuristic', 'helena'], key: 'heur_1' });
    expect(item?.value).toMatchObject({
      agent: 'helena',
      condition: 'form has 20 fields',
      confidence: 0.8,
      metadata: {},
    });
    expect(typeof item?.value['createdAt']).toBe('string');
    expect(item?.createdAt).toBeInstanceOf(Date);
    const record = await storage.getMemory('heuristic', 'heur_1', { tenantId: 'acme' });
    expect(record).toMatchObject({ projectId: 'shop', tenantId: 'acme', agent: 'helena' });
    expect(record?.embedding).toHaveLength(26);
    expect(await store.get(['heuristic', 'victor'], 'heur_1')).toBeNull();
    expect(await store.get(['heuristic'], 'heur_1')).not.toBeNull();
  });

  it('updates the given fields of an existing memory and keeps the rest', async () => {
    await store.put(['heuristic', 'helena'], 'heur_1', heuristic('c', 's'));
    const created = (await store.get(['heuristic', 'helena'], 'heur_1'))?.value['createdAt'];
    await store.put(['heuristic', 'helena'], 'heur_1', { confidence: 0.95 });
    const item = await store.get(['heuristic', 'helena'], 'heur_1');
    expect(item?.value).toMatchObject({ confidence: 0.95, condition: 'c', createdAt: created });
  });

  it('validates values and ownership with ALMA rules', async () => {
    await expect(store.put(['heuristic', 'helena'], 'h', { ...heuristic('c', 's'), confidence: 2 })).rejects.toThrow(
      ValidationError
    );
    await expect(store.put(['heuristic'], 'h', heuristic('c', 's'))).rejects.toThrow(/owner/);
    await expect(store.put(['heuristic', 'helena'], 'h', { ...heuristic('c', 's'), agent: 'victor' })).rejects.toThrow(
      /owner/
    );
    await store.put(['heuristic'], 'h2', { ...heuristic('c', 's'), agent: 'victor' });
    await expect(store.put(['heuristic', 'helena'], 'h2', { confidence: 0.1 })).rejects.toThrow(
      /belongs to another agent/
    );
    await expect(store.put(['notes', 'x'], 'k', {})).rejects.toThrow(InvalidNamespaceError);
    await expect(store.get(['heuristic', 'a', 'b'], 'k')).rejects.toThrow(InvalidNamespaceError);
    expect(() => new AlmaMemoryStore({ storage: {} as never, projectId: 'p' })).toThrow(ValidationError);
    expect(() => new AlmaMemoryStore({ storage, projectId: '' })).toThrow(ValidationError);
  });

  it("deletes only the namespace owner's memory", async () => {
    await store.put(['domain_knowledge', 'helena'], 'dk_1', {
      domain: 'forms',
      fact: 'labels matter',
      source: 'test',
      confidence: 1,
    });
    await store.delete(['domain_knowledge', 'victor'], 'dk_1');
    expect(await store.get(['domain_knowledge'], 'dk_1')).not.toBeNull();
    await store.delete(['domain_knowledge', 'helena'], 'dk_1');
    expect(await store.get(['domain_knowledge'], 'dk_1')).toBeNull();
  });

  it('searches by similarity, keywords, filter, limit and offset', async () => {
    await store.put(['heuristic', 'helena'], 'h1', heuristic('checkout form', 'fill every field'));
    await store.put(['heuristic', 'helena'], 'h2', heuristic('zzz', 'zzz'));
    await store.put(['heuristic', 'victor'], 'h3', { ...heuristic('login form', 'use test users'), confidence: 0.5 });
    await store.put(['user_preference', 'u1'], 'p1', {
      category: 'style',
      preference: 'short checkout answers',
      source: 'chat',
      confidence: 1,
    });

    const ranked = await store.search(['heuristic'], { query: 'checkout form fill' });
    expect(ranked[0]?.key).toBe('h1');
    expect(ranked.every((i) => typeof i.score === 'number')).toBe(true);
    expect((await store.search(['heuristic', 'helena'])).map((i) => i.key).sort()).toEqual(['h1', 'h2']);
    expect((await store.search(['heuristic'], { filter: { confidence: 0.5 } })).map((i) => i.key)).toEqual(['h3']);
    expect(await store.search(['heuristic'], { limit: 1, offset: 1 })).toHaveLength(1);
    const prefs = await store.search(['user_preference'], { query: 'checkout' });
    expect(prefs.map((i) => [i.key, i.score])).toEqual([['p1', 1]]);
    expect(await store.search(['user_preference'], { query: 'pizza' })).toEqual([]);
    expect((await store.search([], { limit: 100 })).length).toBe(4);
    expect(await store.search(['notes'])).toEqual([]);
  });

  it('ranks by keywords when no embed function is given', async () => {
    const plain = new AlmaMemoryStore({ storage, projectId: 'shop', tenantId: 'acme' });
    await plain.put(['anti_pattern', 'helena'], 'a1', {
      pattern: 'sleep in tests',
      whyBad: 'flaky',
      betterAlternative: 'wait for',
      occurrenceCount: 1,
    });
    await plain.put(['anti_pattern', 'helena'], 'a2', {
      pattern: 'global state',
      whyBad: 'leaks',
      betterAlternative: 'inject',
      occurrenceCount: 1,
    });
    expect((await plain.search(['anti_pattern'], { query: 'flaky sleep' })).map((i) => [i.key, i.score])).toEqual([
      ['a1', 1],
    ]);
  });

  it("keeps tenants apart and lists the tenant's namespaces", async () => {
    await store.put(['heuristic', 'helena'], 'h1', heuristic('c', 's'));
    await store.put(['outcome', 'victor'], 'o1', {
      taskType: 't',
      taskDescription: 'd',
      success: true,
      strategyUsed: 's',
    });
    const other = new AlmaMemoryStore({ storage, projectId: 'shop', tenantId: 'globex' });
    expect(await other.get(['heuristic', 'helena'], 'h1')).toBeNull();
    expect(await other.search([])).toEqual([]);
    expect(await store.listNamespaces()).toEqual([
      ['heuristic', 'helena'],
      ['outcome', 'victor'],
    ]);
    expect(await store.listNamespaces({ prefix: ['outcome'] })).toEqual([['outcome', 'victor']]);
    expect(await store.listNamespaces({ suffix: ['helena'] })).toEqual([['heuristic', 'helena']]);
    expect(await store.listNamespaces({ prefix: ['*', 'victor'], maxDepth: 1 })).toEqual([]);
    expect(await store.listNamespaces({ maxDepth: 1 })).toEqual([['heuristic'], ['outcome']]);
  });

  it('serves a graph node through config.store, next to the checkpointer', async () => {
    await store.put(['heuristic', 'helena'], 'h1', heuristic('checkout form', 'fill every field'));
    const State = Annotation.Root({ task: Annotation<string>(), advice: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode('recall', async (state, config: LangGraphRunnableConfig) => {
        const [best] = (await config.store?.search(['heuristic', 'helena'], { query: state.task })) ?? [];
        return { advice: String(best?.value['strategy'] ?? 'none') };
      })
      .addEdge(START, 'recall')
      .addEdge('recall', END)
      .compile({ checkpointer: saverOn(storage, 'acme'), store });
    const result = await graph.invoke({ task: 'checkout form' }, { configurable: { thread_id: 't' } });
    expect(result.advice).toBe('fill every field');
  });
});
