import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { walkGraph, type GraphTraversalQuery } from '@alma/types';
import { PostgresStorage } from './index.js';
import { adminClient, assertServerReady, capturingClient } from './test-support/pg.js';
import { storeFactory } from './test-support/store-factory.js';

const admin = adminClient();
const stores = storeFactory(admin, 'graph');
// A caller's pool with a debug hook: it records the SQL the store really sends.
const { client, captured } = capturingClient();
let store: PostgresStorage;
let schema: string;

/*
 * A pseudo-random graph written in SQL: 3,000 entities (every 50th in another tenant), 9,000 edges of two types,
 * every 7th expired at minute 100 and every 11th (not 7th) valid from minute 500; then ANALYZE, as autovacuum would.
 */
beforeAll(async () => {
  await assertServerReady(admin);
  const own = await stores.open(8);
  schema = `${own.options.schema}_byo`;
  await own.close();
  store = await PostgresStorage.open({ client, schema, embeddingDim: 8 });
  const t = (name: string) => admin(`${schema}.${name}`);
  await admin`
    INSERT INTO ${t('alma_graph_entities')} (id, project_id, tenant_id, name, name_lower, entity_type, properties, created_at)
    SELECT 'ent-' || lpad(i::text, 4, '0'), 'p', CASE WHEN i % 50 = 49 THEN 'other' END, 'n' || i, 'n' || i, 't', '{}'::jsonb,
      '2026-01-01T00:00:00Z'::timestamptz
    FROM generate_series(0, 2999) AS i`;
  await admin`
    INSERT INTO ${t('alma_graph_relationships')}
      (id, project_id, tenant_id, source_id, target_id, relation_type, properties, confidence, valid_from, valid_to, created_at)
    SELECT 'rel-' || lpad(i::text, 4, '0'), 'p', NULL,
      'ent-' || lpad((abs(hashint4(i)) % 3000)::text, 4, '0'), 'ent-' || lpad((abs(hashint4(i + 100000)) % 3000)::text, 4, '0'),
      CASE WHEN i % 3 = 0 THEN 'uses' ELSE 'knows' END, '{}'::jsonb, 1,
      CASE WHEN i % 11 = 0 AND i % 7 <> 0 THEN ${T(500)}::timestamptz END, CASE WHEN i % 7 = 0 THEN ${T(100)}::timestamptz END,
      '2026-01-01T00:00:00Z'::timestamptz + (abs(hashint4(i + 200000)) % 1000) * interval '1 minute'
    FROM generate_series(0, 8999) AS i`;
  await admin`ANALYZE ${t('alma_graph_entities')}`;
  await admin`ANALYZE ${t('alma_graph_relationships')}`;
}, 60_000);
afterAll(() =>
  releaseAll(
    () => store?.close(),
    () => admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`,
    () => client.end(),
    () => stores.cleanup(),
    () => admin.end(),
  ), 60_000);

function T(minute: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
}

describe('traverseGraph on PostgreSQL', () => {
  it.each([
    { direction: 'out', hops: 3, asOf: new Date(T(200)), maxEntities: 1000 },
    { direction: 'in', hops: 4, relationTypes: ['knows'], maxEntities: 1000 },
    { direction: 'both', hops: 2, asOf: new Date(T(600)), maxEntities: 1000 },
    { direction: 'both', hops: 5, relationTypes: ['knows', 'uses'], maxEntities: 40 },
    { direction: 'out', hops: 10, maxEntities: 7 },
  ] as const)('gives the answer of walkGraph on a random graph: %j', async (extra) => {
    let reached = 0;
    for (const rootId of ['ent-0000', 'ent-1234', 'ent-0049', 'ent-2998']) {
      const query: GraphTraversalQuery = { scope: {}, projectId: 'p', rootId, ...extra };
      const native = await store.traverseGraph(query);
      expect(native).toEqual(await walkGraph(store, query));
      reached += native?.entities.length ?? 0;
    }
    expect(reached).toBeGreaterThan(3);
  }, 30_000);

  it.each(['out', 'in', 'both'] as const)(
    'reads relationships through the source_id / target_id indexes (%s), binding every value',
    async (direction) => {
      captured.length = 0;
      await store.traverseGraph({ scope: {}, projectId: 'p', rootId: 'ent-0000', hops: 3, direction, relationTypes: ["knows'; --", 'knows'], asOf: new Date(T(50)), maxEntities: 100 });
      const reach = captured.find((c) => c.query.includes('WITH RECURSIVE'));
      const edges = captured.find((c) => c.query.includes('jsonb_array_elements_text'));
      expect(reach?.params).toContain("knows'; --");
      expect(reach?.query).not.toContain("knows'; --");
      const plan = async (c: typeof reach) =>
        (await admin.unsafe(`EXPLAIN ${c?.query}`, c?.params as never[])).map((r) => r['QUERY PLAN']).join('\n');
      for (const p of [await plan(reach), await plan(edges)]) {
        if (direction !== 'in') expect(p).toMatch(/idx_alma_graph_relationships_source[^\n]*\n\s*Index Cond: \(source_id = /);
        if (direction !== 'out') expect(p).toMatch(/idx_alma_graph_relationships_target[^\n]*\n\s*Index Cond: \(target_id = /);
        expect(p).not.toMatch(/Seq Scan on alma_graph_relationships/);
      }
    },
  );
});
