import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MEMORY_TYPES, SINGLE_TENANT } from '@alma/types';
import { migrateUp, migrationStatus, SqliteStorage } from './index.js';
import { createLegacyV05Database } from './test-support/legacy-v05.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-legacy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('upgrading an ALMA v0.5 (pre-workflow) database', () => {
  it('keeps every row and makes it readable through the adapter', async () => {
    const file = path.join(dir, 'alma-v05.db');
    const { ids, embedded } = createLegacyV05Database(file);

    const before = await migrationStatus(file);
    expect(before.currentVersion).toBeNull();
    expect(before.pending).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const result = await migrateUp(file);
    expect(result.applied.map((m) => m.version)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const store = new SqliteStorage({ path: file, autoMigrate: false });
    try {
      for (const type of MEMORY_TYPES) {
        const expected = ids[type] as string[];
        for (const id of expected) {
          const record = await store.getMemory(type, id, SINGLE_TENANT);
          expect(record?.id).toBe(id);
        }
        const listed = await store.queryMemories(type, { scope: SINGLE_TENANT, topK: 100 });
        expect(listed.map((s) => s.record.id).sort()).toEqual([...expected].sort());
      }

      const h = await store.getMemory('heuristic', 'heur_1', SINGLE_TENANT);
      expect(h).toMatchObject({
        agent: 'helena',
        projectId: 'proj',
        condition: 'forms with "quotes" 1',
        confidence: 0.8,
        occurrenceCount: 5,
        successCount: 4,
        metadata: { legacy: true, i: 1 },
      });
      // Python isoformat with microseconds and offset, rewritten to the sortable ISO form.
      expect(h?.lastValidated.toISOString()).toBe('2024-03-02T10:00:00.123Z');
      expect(Array.from(h?.embedding ?? [])).toEqual([1, 1, 0]);
      const o = await store.getMemory('outcome', 'out_2', SINGLE_TENANT);
      expect(o).toMatchObject({ success: false, taskType: 'testing', durationMs: 1200, metadata: {} });
      expect(o?.timestamp.toISOString()).toBe('2024-03-03T11:00:00.000Z');
      const p = await store.getMemory('user_preference', 'pref_0', SINGLE_TENANT);
      expect(p).toMatchObject({ userId: 'user-1', preference: 'no emojis 0', metadata: {}, projectId: '' });

      // Newest first works across the rewritten timestamps; similarity search finds the legacy vectors.
      const newest = await store.queryMemories('heuristic', { scope: SINGLE_TENANT, projectId: 'proj', topK: 3 });
      expect(newest.map((s) => s.record.id)).toEqual(['heur_2', 'heur_1', 'heur_0']);
      const similar = await store.queryMemories('heuristic', {
        scope: SINGLE_TENANT,
        embedding: new Float32Array([1, 0, 0]),
        topK: 10,
      });
      expect(similar.map((s) => s.record.id)).toEqual(['heur_0', 'heur_1', 'heur_2']);
      expect(similar.map((s) => s.record.id).sort()).toEqual([...embedded].sort());

      // Legacy rows are tenant-less: invisible to a tenant, visible to admin reads.
      expect(await store.getMemory('heuristic', 'heur_0', { tenantId: 'acme' })).toBeUndefined();
      const stats = await store.getStats({ scope: SINGLE_TENANT, projectId: 'proj' });
      expect(stats.counts).toEqual({ heuristic: 3, outcome: 3, user_preference: 0, domain_knowledge: 3, anti_pattern: 3 });

      // The upgraded database takes new-style writes next to the old rows.
      expect(await store.incrementHeuristicOccurrence('heur_0', true, SINGLE_TENANT)).toBe(true);
      expect((await store.getMemory('heuristic', 'heur_0', SINGLE_TENANT))?.occurrenceCount).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('upgrades on open with autoMigrate (the default)', async () => {
    const file = path.join(dir, 'alma-v05-auto.db');
    createLegacyV05Database(file);
    const store = new SqliteStorage({ path: file });
    expect((await store.migrationStatus()).pending).toEqual([]);
    expect(await store.getMemory('anti_pattern', 'anti_2', SINGLE_TENANT)).toMatchObject({
      pattern: 'sleep in tests',
      occurrenceCount: 2,
    });
    await store.close();
  });
});
