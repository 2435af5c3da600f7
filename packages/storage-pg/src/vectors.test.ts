import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { makeHeuristic, makeWorkflowOutcome, releaseAll } from '@alma/storage-conformance';
import { ADMIN_ALL_TENANTS, cosineSimilarity, SINGLE_TENANT, ValidationError, type Heuristic } from '@alma/types';
import { PostgresStorage } from './index.js';
import { vectorSearchTuning } from './queries/ranked.js';
import { adminClient, assertServerReady, capturingClient } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const DIM = 8;
const admin = adminClient();
const stores = storeFactory(admin, 'vec');
// A caller's pool with a debug hook: it records the SQL the store really sends.
const { client, captured } = capturingClient();
let store: PostgresStorage;
let schema: string;

// Deterministic pseudo-random unit-ish vectors.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
const randomVector = () => Float32Array.from({ length: DIM }, random);

beforeAll(async () => {
  await assertServerReady(admin);
  const own = await stores.open(DIM);
  schema = own.options.schema;
  await own.close();
  store = await PostgresStorage.open({ client, schema: `${schema}_byo`, embeddingDim: DIM });
});
afterAll(() =>
  releaseAll(
    () => store?.close(),
    () => admin`DROP SCHEMA IF EXISTS ${admin(`${schema}_byo`)} CASCADE`,
    () => client.end(),
    () => stores.cleanup(),
    () => admin.end(),
  ), 60_000);

describe('pgvector', () => {
  const defaultTuning = { ...vectorSearchTuning };
  afterEach(() => {
    Object.assign(vectorSearchTuning, defaultTuning);
  });

  it('has an HNSW cosine index on every embedding column', async () => {
    const rows = await admin<{ table: string; index: string; am: string; def: string }[]>`
      SELECT t.relname AS table, i.relname AS index, am.amname AS am, pg_get_indexdef(i.oid) AS def
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = ${`${schema}_byo`} AND am.amname = 'hnsw' ORDER BY 1`;
    expect(rows.map((r) => r.table)).toEqual([
      'alma_anti_patterns',
      'alma_domain_knowledge',
      'alma_heuristics',
      'alma_outcomes',
      'alma_workflow_outcomes',
    ]);
    for (const r of rows) expect(r.def).toMatch(/USING hnsw \(embedding (public\.)?vector_cosine_ops\)/);
  });

  it('ranks through the HNSW index, returns topK rows even under a selective filter, and reports cosine similarity', async () => {
    vectorSearchTuning.exactMaxRows = 200; // 1,000 rows in every tenant take the index, the 100 of one tenant do not
    const tenants = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
    const records: Heuristic[] = Array.from({ length: 1000 }, (_, i) =>
      makeHeuristic({ id: `h-${String(i).padStart(5, '0')}`, tenantId: tenants[i % tenants.length], embedding: randomVector() }),
    );
    for (let i = 0; i < records.length; i += 500) await store.saveMemories('heuristic', records.slice(i, i + 500));
    await admin`ANALYZE ${admin(`${schema}_byo`)}.alma_heuristics`;
    const query = randomVector();
    const exactTop = (keep: (r: Heuristic) => boolean) =>
      records
        .filter(keep)
        .map((r) => ({ id: r.id, similarity: cosineSimilarity(query, r.embedding as Float32Array) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 10)
        .map((e) => e.id);
    const recall = (found: { record: Heuristic }[], exact: string[]) =>
      found.filter((f) => exact.includes(f.record.id)).length / exact.length;

    // Across every tenant: the planner walks the HNSW graph (ORDER BY embedding <=> $query LIMIT n).
    captured.length = 0;
    const all = await store.queryMemories('heuristic', { scope: ADMIN_ALL_TENANTS, embedding: query, topK: 10 });
    const knn = captured.find((c) => c.query.includes('<=>'));
    expect(knn?.query).toMatch(/OPERATOR\("public"\.<=>\)/);
    const plan = await admin.unsafe(`EXPLAIN ${knn?.query}`, knn?.params as never[]);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using idx_alma_heuristics_embedding/);
    expect(all).toHaveLength(10);
    expect(recall(all, exactTop(() => true))).toBeGreaterThanOrEqual(0.9);
    for (const f of all) expect(f.similarity).toBeCloseTo(cosineSimilarity(query, f.record.embedding as Float32Array), 10);
    expect(all.map((f) => f.similarity)).toEqual([...all.map((f) => f.similarity)].sort((a, b) => (b as number) - (a as number)));

    // One tenant of ten: still topK rows, all of that tenant (tenant isolation is in the WHERE, never after).
    const t3 = await store.queryMemories('heuristic', { scope: { tenantId: 't3' }, embedding: query, topK: 10 });
    expect(t3).toHaveLength(10);
    expect(t3.every((f) => f.record.tenantId === 't3')).toBe(true);
    // ... ranked exactly: 100 rows pass the filter, under exactMaxRows.
    expect(t3.map((f) => f.record.id)).toEqual(exactTop((r) => r.tenantId === 't3'));
  }, 60_000);

  it('rejects an embedding of another dimension on write, and a query of another dimension matches nothing', async () => {
    const wrong = makeHeuristic({ embedding: new Float32Array(DIM + 1).fill(0.5) });
    await expect(store.saveMemory('heuristic', wrong)).rejects.toThrow(ValidationError);
    await expect(store.saveMemory('heuristic', wrong)).rejects.toThrow(`has ${DIM + 1} dimensions, but this store's embeddingDim is ${DIM}`);
    await expect(store.saveWorkflowOutcome(makeWorkflowOutcome({ embedding: new Float32Array(3).fill(1) }))).rejects.toThrow(
      ValidationError,
    );
    const h = makeHeuristic({ embedding: randomVector() });
    await store.saveMemory('heuristic', h);
    await expect(store.updateMemory('heuristic', h.id, { embedding: new Float32Array(2).fill(1) }, SINGLE_TENANT)).rejects.toThrow(
      ValidationError,
    );
    expect(await store.queryMemories('heuristic', { scope: SINGLE_TENANT, embedding: new Float32Array(DIM * 2).fill(1) })).toEqual([]);
    expect(await store.queryMemories('user_preference', { scope: SINGLE_TENANT, embedding: randomVector() })).toEqual([]);
    expect(await store.queryMemories('heuristic', { scope: SINGLE_TENANT, embedding: randomVector(), topK: 0 })).toEqual([]);
  });
});
