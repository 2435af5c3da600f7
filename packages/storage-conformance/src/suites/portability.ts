import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type PortableRecord } from '@alma/types';
import { comparable, expectConflictError, expectSameRecord } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import {
  at, makeArtifactLink, makeCheckpoint, makeEntity, makeHeuristic, makeRelationship, makeSessionHandoff,
  makeUserPreference, makeWorkflowOutcome, makeWorkItem, unitVector,
} from '../fixtures.js';
import { collect, exportKey, full, replay, type FullStore } from './v2-support.js';

/** One record of every kind, under two tenants and tenant-less. */
async function seedEverything(store: FullStore, dim: number): Promise<number> {
  let n = 0;
  for (const tenantId of ['tenant-p1', 'tenant-p2', undefined]) {
    const t = tenantId ? { tenantId } : {};
    const h = makeHeuristic({ ...t, embedding: unitVector(dim, 0) });
    await store.saveMemory('heuristic', h);
    await store.saveMemory('user_preference', makeUserPreference(t));
    await store.saveWorkflowOutcome(makeWorkflowOutcome(t));
    await store.saveArtifactLink(makeArtifactLink(h.id, t));
    await store.saveSessionHandoff(makeSessionHandoff(t));
    await store.saveWorkItem(makeWorkItem(t));
    const a = makeEntity(t);
    const b = makeEntity(t);
    await store.saveEntity(a);
    await store.saveEntity(b);
    await store.saveRelationship(makeRelationship(a.id, b.id, t));
    const runId = `run-port-${tenantId ?? 'none'}`;
    for (let i = 0; i < 3; i++) await store.saveCheckpoint(makeCheckpoint({ ...t, runId, createdAt: at(i) }));
    await store.updateRun(runId, { status: 'completed', agent: 'agent-p', metadata: { k: tenantId ?? 'none' } }, t);
    n += 2 + 1 + 1 + 1 + 1 + 2 + 1 + 3 + 1;
  }
  return n;
}

const byKey = (records: readonly PortableRecord[]) => new Map(records.map((r) => [exportKey(r), comparable(r.record)]));

/** Export, restore and a full round trip between two fresh stores. */
export function portabilitySuite(ctx: SuiteContext): void {
  describe('portability', () => {
    ctx.test('portability.export-everything', async (store) => {
      const expected = await seedEverything(full(store), ctx.embeddingDim);
      const exported = await collect(full(store).exportRecords());
      expect(exported).toHaveLength(expected);
      const kinds = exported.map((r) => r.kind);
      // Import order: checkpoints after every other record, runs last.
      expect(kinds.lastIndexOf('relationship')).toBeLessThan(kinds.indexOf('checkpoint'));
      expect(kinds.lastIndexOf('checkpoint')).toBeLessThan(kinds.indexOf('run'));
      const checkpoints = exported.flatMap((r) => (r.kind === 'checkpoint' ? [`${r.record.runId}#${r.record.seq}`] : []));
      expect(checkpoints).toEqual([...checkpoints].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
      const runs = exported.flatMap((r) => (r.kind === 'run' ? [r.record] : []));
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
      const heuristics = exported.flatMap((r) => (r.kind === 'memory' && r.type === 'heuristic' ? [r.record] : []));
      expect(heuristics.every((h) => 'embedding' in h && (h.embedding as Float32Array).length === ctx.embeddingDim)).toBe(true);
    });

    ctx.test('portability.restore-checkpoint', async (store, env) => {
      const source = await store.saveCheckpoint(makeCheckpoint({ runId: 'r-restore', createdAt: at(5), encoding: 'delta' }));
      const target = full(await env.openStore());
      await target.restoreCheckpoint(source);
      expectSameRecord(await target.getCheckpoint(source.id, SINGLE_TENANT), source);
      await expectConflictError(() => target.restoreCheckpoint(source));
      await expectConflictError(() => target.restoreCheckpoint({ ...source, id: 'ckpt_other_id_0001' }));
      const next = await target.saveCheckpoint(makeCheckpoint({ runId: 'r-restore' }));
      expect(next.seq).toBe(2);
      expect((await target.getRun('r-restore', SINGLE_TENANT))?.checkpointCount).toBe(2);
    });

    ctx.test('portability.round-trip', async (store, env) => {
      await seedEverything(full(store), ctx.embeddingDim);
      const first = await collect(full(store).exportRecords());
      const target = full(await env.openStore());
      await replay(target, first);
      const second = await collect(target.exportRecords());
      const a = byKey(first);
      const b = byKey(second);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [key, record] of a) expect(b.get(key)).toEqual(record);
    });
  });
}
