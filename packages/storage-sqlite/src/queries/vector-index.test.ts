import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { Heuristic, MemoryQuery, ScopeFilter } from '@alma/types';
import { SqliteStorage } from '../index.js';
import { at, heuristic, workflowOutcome } from '../test-support/fixtures.js';
import { vectorIndexStats, vectorIndexTuning } from './vector-index.js';

const DIM = 16;
const defaults = { ...vectorIndexTuning };
afterEach(() => {
  Object.assign(vectorIndexTuning, defaults);
});

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(42);
const randomVector = (dim = DIM): Float32Array => Float32Array.from({ length: dim }, () => random() * 2 - 1);

function dataset(n: number): Heuristic[] {
  const tenants = [undefined, undefined, undefined, 't1', 't1', 't2'];
  return Array.from({ length: n }, (_, i) => {
    const tenantId = tenants[i % tenants.length];
    const roll = i % 17;
    const embedding =
      roll === 0 ? undefined : roll === 1 ? new Float32Array(DIM) : roll === 2 ? randomVector(8) : randomVector();
    return heuristic(`h-${String(i).padStart(4, '0')}`, {
      agent: `agent-${i % 4}`,
      ...(tenantId ? { tenantId } : {}),
      confidence: (i % 10) / 10,
      lastValidated: at(i),
      ...(embedding ? { embedding } : {}),
    });
  });
}

const stores: SqliteStorage[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});
async function twoStores(records: Heuristic[]): Promise<{ indexed: SqliteStorage; plain: SqliteStorage }> {
  const indexed = new SqliteStorage({ path: ':memory:', embeddingDim: DIM });
  const plain = new SqliteStorage({ path: ':memory:' });
  stores.push(indexed, plain);
  await indexed.saveMemories('heuristic', records);
  await plain.saveMemories('heuristic', records);
  return { indexed, plain };
}

async function expectSameResults(a: SqliteStorage, b: SqliteStorage, query: MemoryQuery): Promise<void> {
  const [x, y] = await Promise.all([a.queryMemories('heuristic', query), b.queryMemories('heuristic', query)]);
  const view = (r: typeof x) => r.map((s) => `${s.record.id}:${(s.similarity ?? NaN).toFixed(6)}`);
  expect(view(x)).toEqual(view(y));
}

describe('sqlite-vec index (embeddingDim) gives exactly the brute-force results', () => {
  const scopes: ScopeFilter[] = [{}, { tenantId: 't1' }, { tenantId: 't2' }, { allTenants: true }];

  it('over scopes, agents, minConfidence, topK and ties — through the index path', async () => {
    Object.assign(vectorIndexTuning, { bruteForceMaxRows: 0, minFilteredFraction: 0 });
    const records = dataset(600);
    // Exact duplicates of one vector: equal similarity, ties broken by id.
    const twin = randomVector();
    for (const id of ['h-0100', 'h-0101', 'h-0102', 'h-0103']) {
      const r = records.find((x) => x.id === id) as Heuristic;
      Object.assign(r, { embedding: twin, tenantId: undefined });
      delete (r as { tenantId?: string }).tenantId;
    }
    const { indexed, plain } = await twoStores(records);
    const queries = [twin, ...Array.from({ length: 6 }, () => randomVector())];
    for (const embedding of queries) {
      for (const scope of scopes) {
        for (const topK of [1, 5, 40]) {
          await expectSameResults(indexed, plain, { scope, embedding, topK });
        }
        await expectSameResults(indexed, plain, { scope, embedding, agents: ['agent-1'], minConfidence: 0.5, topK: 5 });
      }
    }
    expect(vectorIndexStats.answered).toBeGreaterThan(50);
    // Every record of the query's dimension: reaches negative similarities and the all-zero vectors (fallback).
    const fellBack = vectorIndexStats.fellBack;
    await expectSameResults(indexed, plain, { scope: { allTenants: true }, embedding: queries[1] as Float32Array, topK: 1000 });
    expect(vectorIndexStats.fellBack).toBe(fellBack + 1);
  });

  it('stays in sync through updates and deletes (triggers on embeddings)', async () => {
    Object.assign(vectorIndexTuning, { bruteForceMaxRows: 0, minFilteredFraction: 0 });
    const { indexed, plain } = await twoStores(dataset(300));
    const query = randomVector();
    const [best] = await plain.queryMemories('heuristic', { scope: {}, embedding: query, topK: 1 });
    const bestId = best?.record.id as string;
    for (const store of [indexed, plain]) {
      await store.updateMemory('heuristic', 'h-0006', { embedding: query }, {});
      await store.deleteMemory('heuristic', bestId, {});
      await store.deleteMemories('heuristic', { scope: {}, projectId: 'proj', belowConfidence: 0.2 });
    }
    const top = await indexed.queryMemories('heuristic', { scope: {}, embedding: query, topK: 3 });
    expect(top[0]?.record.id).toBe('h-0006');
    expect(top[0]?.similarity).toBeCloseTo(1, 6);
    for (const scope of scopes) await expectSameResults(indexed, plain, { scope, embedding: query, topK: 10 });
  });

  it('indexes vectors stored before the index existed, and serves workflow outcomes', async () => {
    Object.assign(vectorIndexTuning, { bruteForceMaxRows: 0, minFilteredFraction: 0 });
    const file = `${require('node:os').tmpdir()}/alma-sqlite-vec-${process.pid}-${Date.now()}.db`;
    const before = new SqliteStorage({ path: file });
    const outcomes = Array.from({ length: 50 }, (_, i) =>
      workflowOutcome(`wo-${String(i).padStart(2, '0')}`, { embedding: randomVector(), createdAt: at(i) }),
    );
    for (const o of outcomes) await before.saveWorkflowOutcome(o);
    await before.close();
    const after = new SqliteStorage({ path: file, embeddingDim: DIM });
    const plain = new SqliteStorage({ path: ':memory:' });
    stores.push(after, plain);
    for (const o of outcomes) await plain.saveWorkflowOutcome(o);
    const embedding = randomVector();
    const view = async (s: SqliteStorage) =>
      (await s.queryWorkflowOutcomes({ scope: {}, embedding, topK: 7 })).map((r) => `${r.record.id}:${r.similarity?.toFixed(6)}`);
    expect(await view(after)).toEqual(await view(plain));
    require('node:fs').rmSync(file, { force: true });
  });

  it('memoises the index choice until the database changes, through this connection or another', async () => {
    Object.assign(vectorIndexTuning, { bruteForceMaxRows: 50, minFilteredFraction: 0 });
    const file = `${require('node:os').tmpdir()}/alma-sqlite-memo-${process.pid}-${Date.now()}.db`;
    const store = new SqliteStorage({ path: file, embeddingDim: DIM });
    const other = new SqliteStorage({ path: file, embeddingDim: DIM });
    stores.push(store, other);
    const records = Array.from({ length: 80 }, (_, i) => heuristic(`m-${String(i).padStart(2, '0')}`, { embedding: randomVector() }));
    const usedIndex = async (): Promise<boolean> => {
      const answered = vectorIndexStats.answered;
      await store.queryMemories('heuristic', { scope: {}, embedding: randomVector(), topK: 5 });
      return vectorIndexStats.answered > answered;
    };
    await store.saveMemories('heuristic', records.slice(0, 40));
    expect(await usedIndex()).toBe(false); // 40 rows pass the filters: brute force
    expect(await usedIndex()).toBe(false);
    await store.saveMemories('heuristic', records.slice(40)); // a write through this connection
    expect(await usedIndex()).toBe(true); // 80 rows: the index
    await other.deleteMemories('heuristic', { scope: {}, projectId: 'proj' }); // a commit by another connection
    await other.saveMemories('heuristic', records.slice(0, 30));
    expect(await usedIndex()).toBe(false);
    require('node:fs').rmSync(file, { force: true });
  });
});
