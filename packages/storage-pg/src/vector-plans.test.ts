import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import postgres from 'postgres';
import { makeHeuristic, releaseAll } from '@alma/storage-conformance';
import { cosineSimilarity, type Heuristic } from '@alma/types';
import { migrateUp } from './migrate.js';
import { PostgresStorage } from './index.js';
import { vectorSearchTuning } from './queries/ranked.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

// How a similarity read is planned: by a count of the filtered rows, never by table statistics (which a table that
// was never ANALYZEd does not have), with an exact fallback when the HNSW scan gives up early.
const DIM = 8;
const admin = adminClient();
const schemas: string[] = [];
const clients: postgres.Sql[] = [];
const stores: PostgresStorage[] = [];

let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
const randomVector = () => Float32Array.from({ length: DIM }, random);
const tenants = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
const records: Heuristic[] = Array.from({ length: 1000 }, (_, i) =>
  makeHeuristic({ id: `h-${String(i).padStart(5, '0')}`, tenantId: tenants[i % tenants.length], embedding: randomVector() }),
);
const exactTop = (query: Float32Array, tenantId: string, k: number): string[] =>
  records
    .filter((r) => r.tenantId === tenantId)
    .map((r) => ({ id: r.id, similarity: cosineSimilarity(query, r.embedding as Float32Array) }))
    .sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
    .slice(0, k)
    .map((e) => e.id);

/** A store on a fresh schema holding `records`, never ANALYZEd, whose pool records every statement it sends. */
async function freshStore(connection: Record<string, string> = {}) {
  const schema = uniqueSchema('vplan');
  schemas.push(schema);
  await migrateUp({ client: admin, schema, embeddingDim: DIM });
  // Keep autovacuum from collecting statistics mid-test (a server may have it on).
  await admin`ALTER TABLE ${admin(schema)}.alma_heuristics SET (autovacuum_enabled = false)`;
  const sent: Array<{ query: string; params: unknown[] }> = [];
  const client = postgres(PG_URL, {
    max: 1,
    onnotice: () => undefined,
    connection,
    debug: (_connection, query, params) => sent.push({ query, params: params as unknown[] }),
  });
  clients.push(client);
  const store = await PostgresStorage.open({ client, schema, embeddingDim: DIM });
  stores.push(store);
  for (let i = 0; i < records.length; i += 500) await store.saveMemories('heuristic', records.slice(i, i + 500));
  sent.length = 0;
  return { schema, store, sent };
}

beforeAll(async () => {
  await assertServerReady(admin);
});
afterEach(() => {
  vectorSearchTuning.exactMaxRows = 1000;
});
afterAll(() =>
  releaseAll(
    ...stores.map((store) => () => store.close()),
    ...clients.map((client) => () => client.end()),
    () => dropSchemas(admin, schemas),
    () => admin.end(),
  ), 60_000);

/** The plan of the store's KNN statement under the settings the store set before it, in one transaction. */
async function planOf(sent: Array<{ query: string; params: unknown[] }>): Promise<string> {
  const setup = sent.find((s) => s.query.includes('set_config'));
  const knn = sent.find((s) => s.query.includes('<=>'));
  expect(setup).toBeDefined();
  expect(knn).toBeDefined();
  let plan = '';
  await admin.begin(async (tx) => {
    await tx.unsafe(setup?.query ?? '', setup?.params as never[]);
    const rows = await tx.unsafe(`EXPLAIN ${knn?.query ?? ''}`, knn?.params as never[]);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  return plan;
}

describe('similarity read plans', () => {
  it('walks the HNSW index on a table that has no statistics, where the planner alone would sort every filtered row', async () => {
    vectorSearchTuning.exactMaxRows = 50; // the 100 rows of one tenant are "many"
    const { store, sent } = await freshStore();
    const query = randomVector();
    const found = await store.queryMemories('heuristic', { scope: { tenantId: 't3' }, embedding: query, topK: 5 });

    expect(found.map((f) => f.record.tenantId)).toEqual(['t3', 't3', 't3', 't3', 't3']);
    const knn = sent.find((s) => s.query.includes('<=>'));
    const alone = await admin.unsafe(`EXPLAIN ${knn?.query ?? ''}`, knn?.params as never[]);
    // Without statistics the planner believes the tenant filter keeps ~nothing and sorts: the problem this solves.
    expect(alone.map((r) => r['QUERY PLAN']).join('\n')).not.toMatch(/idx_alma_heuristics_embedding/);
    expect(await planOf(sent)).toMatch(/Index Scan using idx_alma_heuristics_embedding/);
  }, 60_000);

  it('ranks exactly, without the index, when few rows pass the filters', async () => {
    const { store, sent } = await freshStore();
    const query = randomVector();
    const found = await store.queryMemories('heuristic', { scope: { tenantId: 't3' }, embedding: query, topK: 10 });

    expect(found.map((f) => f.record.id)).toEqual(exactTop(query, 't3', 10));
    expect(sent.some((s) => s.query.includes('<=>'))).toBe(false);
    expect(sent.some((s) => s.query.includes('cosine_distance'))).toBe(true);
  }, 60_000);

  it('falls back to the exact ranking when the HNSW scan stops before it found topK filtered rows', async () => {
    vectorSearchTuning.exactMaxRows = 50;
    // The iterative scan gives up after its first batch of candidates, with fewer than 30 of the tenant's rows.
    const { store, sent } = await freshStore({ 'hnsw.max_scan_tuples': '1' });
    const query = randomVector();
    const found = await store.queryMemories('heuristic', { scope: { tenantId: 't3' }, embedding: query, topK: 30 });

    expect(found.map((f) => f.record.id)).toEqual(exactTop(query, 't3', 30));
    const order = sent.map((s) => (s.query.includes('<=>') ? 'index' : s.query.includes('cosine_distance') ? 'exact' : '')).filter(Boolean);
    expect(order).toEqual(['index', 'exact']);
  }, 60_000);
});
