import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEMORY_TYPES, SINGLE_TENANT, type Heuristic } from '@alma/types';
import { makeHeuristic, releaseAll } from '@alma/storage-conformance';
import { PostgresStorage } from './index.js';
import { createLegacyV05Schema } from './test-support/legacy-v05.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

const admin = adminClient();
const schemas: string[] = [];
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => dropSchemas(admin, schemas),
    () => admin.end(),
  ), 60_000);

const countRows = async (schema: string) => {
  const tables = ['alma_heuristics', 'alma_outcomes', 'alma_preferences', 'alma_domain_knowledge', 'alma_anti_patterns'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM ${admin(schema)}.${admin(table)}`;
    counts[table] = row?.n ?? -1;
  }
  return counts;
};

describe('a schema left by ALMA (Python) v0.5', () => {
  it('is migrated in place with no row lost; every legacy row reads back, similarity search included', async () => {
    const schema = uniqueSchema('legacy');
    schemas.push(schema);
    const { ids, embedded } = await createLegacyV05Schema(admin, schema, { dim: 3 });
    const before = await countRows(schema);
    const store = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: 3 });
    try {
      expect(await store.migrationStatus()).toMatchObject({ currentVersion: 6, pending: [] });
      expect(await countRows(schema)).toEqual(before);
      for (const type of MEMORY_TYPES) {
        const found = await store.queryMemories(type, { scope: SINGLE_TENANT, topK: 100 });
        expect({ type, ids: found.map((f) => f.record.id).sort() }).toEqual({ type, ids: ids[type] });
      }
      const h = (await store.getMemory('heuristic', 'heur_1', SINGLE_TENANT)) as Heuristic;
      expect(h).toEqual({
        id: 'heur_1',
        agent: 'helena',
        projectId: 'proj',
        condition: 'forms with "quotes" 1',
        strategy: 'use a fixture',
        confidence: 0.9, // REAL 0.9 kept as the decimal it was, not 0.8999999761581421
        occurrenceCount: 5,
        successCount: 4,
        lastValidated: new Date(Date.UTC(2024, 2, 2, 10, 0, 0, 123)),
        createdAt: new Date(Date.UTC(2024, 2, 2, 10, 0, 0, 123)),
        metadata: { legacy: true, i: 1 },
        embedding: Float32Array.from([1, 1, 0]),
      });
      const pref = await store.getMemory('user_preference', 'pref_0', SINGLE_TENANT);
      expect(pref).toMatchObject({ projectId: '', userId: 'user-1', confidence: 0.7, metadata: {} });
      expect((await store.getMemory('outcome', 'out_2', SINGLE_TENANT))?.metadata).toEqual({});
      expect((await store.getMemory('domain_knowledge', 'dk_0', SINGLE_TENANT))?.lastVerified).toEqual(new Date(0));
      const similar = await store.queryMemories('heuristic', { scope: SINGLE_TENANT, embedding: Float32Array.from([1, 0, 0]) });
      expect(similar.map((s) => s.record.id)).toEqual(['heur_0', 'heur_1', 'heur_2']);
      expect(similar[0]?.similarity).toBeCloseTo(1, 6);
      const dk = await store.queryMemories('domain_knowledge', { scope: SINGLE_TENANT, embedding: Float32Array.from([0, 1, 0]) });
      expect(dk.map((s) => s.record.id).sort()).toEqual(embedded.filter((id) => id.startsWith('dk_')));
      // The upgraded schema takes new, scoped writes beside the legacy rows.
      const fresh = makeHeuristic({ tenantId: 'acme', workflowId: 'wf', runId: 'r', embedding: Float32Array.from([0, 0, 1]) });
      await store.saveMemory('heuristic', fresh);
      expect((await store.getMemory('heuristic', fresh.id, { tenantId: 'acme', runId: 'r' }))?.id).toBe(fresh.id);
      expect(await store.getMemory('heuristic', 'heur_0', { tenantId: 'acme' })).toBeUndefined();
      expect(await store.saveCheckpoint({ id: 'c1', runId: 'r', nodeId: 'n', state: '{}', stateHash: 'a'.repeat(64), stateSizeBytes: 2 })).toMatchObject({ seq: 1 });
    } finally {
      await store.close();
    }
    const [index] = await admin<{ am: string }[]>`
      SELECT am.amname AS am FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
      WHERE n.nspname = ${schema} AND c.relname = 'idx_alma_outcomes_embedding'`;
    expect(index?.am).toBe('hnsw');
    const again = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: 3 });
    expect((await again.migrate()).applied).toEqual([]);
    await again.close();
  }, 60_000);

  it('keeps BYTEA embeddings (ALMA without pgvector) as embedding_legacy_bytea beside a new vector column', async () => {
    const schema = uniqueSchema('legacyb');
    schemas.push(schema);
    await createLegacyV05Schema(admin, schema, { dim: 3, bytea: true });
    const before = await countRows(schema);
    const store = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: 3 });
    try {
      expect(await countRows(schema)).toEqual(before);
      const h = await store.getMemory('heuristic', 'heur_2', SINGLE_TENANT);
      expect(h).toMatchObject({ id: 'heur_2', confidence: 0.9 });
      expect(h?.embedding).toBeUndefined();
      const [row] = await admin<{ bytes: Buffer }[]>`
        SELECT embedding_legacy_bytea AS bytes FROM ${admin(schema)}.alma_heuristics WHERE id = 'heur_2'`;
      expect(Array.from(new Float32Array(new Uint8Array(row?.bytes ?? []).buffer))).toEqual([1, 2, 0]);
      await store.updateMemory('heuristic', 'heur_2', { embedding: Float32Array.from([1, 2, 0]) }, SINGLE_TENANT);
      expect((await store.queryMemories('heuristic', { scope: SINGLE_TENANT, embedding: Float32Array.from([1, 2, 0]) }))[0]?.record.id).toBe('heur_2');
    } finally {
      await store.close();
    }
  }, 60_000);
});
