import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT } from '@alma/types';
import { expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_PROJECT, makeArtifactLink, makeHeuristic, makeMemory, orderedIds } from '../fixtures.js';

/** Artifact links: round-trip, order, delete, and cascades from memory deletes. */
export function artifactsSuite(ctx: SuiteContext): void {
  describe('artifact links', () => {
    ctx.test('artifacts.round-trip-order', async (store) => {
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      const [tieA, tieB] = orderedIds('art', 2) as [string, string];
      const later2 = makeArtifactLink(h.id, { id: tieB, createdAt: at(5), artifactType: 'log' });
      const earliest = makeArtifactLink(h.id, { createdAt: at(0) });
      const later1 = makeArtifactLink(h.id, { id: tieA, createdAt: at(5), artifactType: 'diff' });
      const minimal = makeArtifactLink(h.id, { createdAt: at(10) }) as unknown as Record<string, unknown>;
      for (const key of ['filename', 'mimeType', 'sizeBytes', 'checksum', 'metadata']) delete minimal[key];
      for (const link of [later2, earliest, later1]) expect(await store.saveArtifactLink(link)).toBe(link.id);
      await store.saveArtifactLink(minimal as never);
      const links = await store.getArtifactLinks(h.id, SINGLE_TENANT);
      expect(idsOf(links)).toEqual([earliest.id, tieA, tieB, minimal['id']]);
      expectSameRecord(links[0], earliest);
      expectSameRecord(links[1], later1);
      expectSameRecord(links[3], { ...minimal, metadata: {} });
      expect(await store.getArtifactLinks('heur_withoutlinks', SINGLE_TENANT)).toEqual([]);
    });

    ctx.test('artifacts.delete-link', async (store) => {
      const h = makeHeuristic();
      await store.saveMemory('heuristic', h);
      const keep = makeArtifactLink(h.id, { createdAt: at(0) });
      const drop = makeArtifactLink(h.id, { createdAt: at(1) });
      await store.saveArtifactLink(keep);
      await store.saveArtifactLink(drop);
      expect(await store.deleteArtifactLink(drop.id, SINGLE_TENANT)).toBe(true);
      expect(await store.deleteArtifactLink(drop.id, SINGLE_TENANT)).toBe(false);
      expect(idsOf(await store.getArtifactLinks(h.id, SINGLE_TENANT))).toEqual([keep.id]);
      expect(await store.getMemory('heuristic', h.id, SINGLE_TENANT)).toBeDefined();
    });

    ctx.test('artifacts.delete-memory-cascades', async (store) => {
      const h1 = makeHeuristic();
      const h2 = makeHeuristic();
      const o = makeMemory('outcome');
      await store.saveMemories('heuristic', [h1, h2]);
      await store.saveMemory('outcome', o);
      const links = [makeArtifactLink(h1.id), makeArtifactLink(h1.id), makeArtifactLink(h2.id), makeArtifactLink(o.id)];
      for (const link of links) await store.saveArtifactLink(link);
      expect(await store.deleteMemory('heuristic', h1.id, SINGLE_TENANT)).toBe(true);
      expect(await store.getArtifactLinks(h1.id, SINGLE_TENANT)).toEqual([]);
      expect(idsOf(await store.getArtifactLinks(h2.id, SINGLE_TENANT))).toEqual([links[2]?.id]);
      expect(await store.deleteArtifactLink(links[0]?.id ?? '', SINGLE_TENANT)).toBe(false);
      expect(await store.deleteMemory('outcome', o.id, SINGLE_TENANT)).toBe(true);
      expect(await store.getArtifactLinks(o.id, SINGLE_TENANT)).toEqual([]);
    });

    ctx.test('artifacts.delete-memories-cascades', async (store) => {
      const old = makeHeuristic({ lastValidated: at(-10) });
      const fresh = makeHeuristic({ lastValidated: at(10) });
      await store.saveMemories('heuristic', [old, fresh]);
      const oldLink = makeArtifactLink(old.id);
      const freshLink = makeArtifactLink(fresh.id);
      await store.saveArtifactLink(oldLink);
      await store.saveArtifactLink(freshLink);
      expect(
        await store.deleteMemories('heuristic', { scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, olderThan: at(0) }),
      ).toBe(1);
      expect(await store.getArtifactLinks(old.id, SINGLE_TENANT)).toEqual([]);
      expect(idsOf(await store.getArtifactLinks(fresh.id, SINGLE_TENANT))).toEqual([freshLink.id]);
    });
  });
}
