import { describe, expect } from '@jest/globals';
import { CheckpointManager } from '@alma/checkpoint';
import type { SuiteContext } from '../context.js';

/** A small deterministic PRNG (mulberry32): the same sequence of writes on every store and every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type State = Record<string, unknown>;

/** One random edit: append to a list, replace a list, set / remove a key, nest an object. */
function edit(state: State, rnd: () => number, step: number): State {
  const next: State = structuredClone(state);
  const r = rnd();
  const key = `k${Math.floor(rnd() * 5)}`;
  if (r < 0.45) next['messages'] = [...((next['messages'] as unknown[]) ?? []), { step, text: `m${step} "q" ü` }];
  else if (r < 0.55) next['messages'] = [{ step, reset: true }];
  else if (r < 0.75) next[key] = { n: step, nested: { list: [step, step + 1] } };
  else if (r < 0.9) delete next[key];
  else next['counter'] = ((next['counter'] as number) ?? 0) + 1;
  return next;
}

/**
 * The checkpoint manager's delta encoding on this store: random writes on the main line and two branches, read back
 * through a fresh manager (no cache), must reconstruct every state exactly.
 */
export function checkpointDeltasSuite(ctx: SuiteContext): void {
  describe('checkpoint deltas', () => {
    ctx.test('checkpoints.delta-reconstruction', async (store) => {
      const rnd = prng(20261125);
      const writer = new CheckpointManager(store, { delta: { enabled: true, snapshotEvery: 7 } });
      const run = { tenantId: 'tenant-delta', workflowId: 'wf-delta', runId: 'run-delta' };
      const written = new Map<string, State>();
      const tips: Record<string, State> = { main: { messages: [] }, b1: { messages: [] }, b2: { messages: [] } };
      for (let step = 0; step < 90; step++) {
        const branch = (['main', 'b1', 'b2'] as const)[Math.floor(rnd() * 3)] as 'main' | 'b1' | 'b2';
        tips[branch] = edit(tips[branch] as State, rnd, step);
        const { checkpoint } = await writer.checkpoint(run, `n${step}`, tips[branch] as State, {
          ...(branch === 'main' ? {} : { branchId: branch }),
        });
        written.set(checkpoint.id, structuredClone(tips[branch] as State));
      }
      const listed = await store.listCheckpoints('run-delta', { tenantId: 'tenant-delta' }, { limit: 1000 });
      expect(listed.some((c) => c.encoding === 'delta')).toBe(true);
      const reader = new CheckpointManager(store, { delta: { enabled: true } });
      for (const [id, state] of written) {
        expect((await reader.getCheckpoint(id, { tenantId: 'tenant-delta' }))?.state).toEqual(state);
      }
      const resume = await new CheckpointManager(store).getResumePoint('run-delta', { tenantId: 'tenant-delta' });
      for (const branch of resume?.branches ?? []) expect(branch.state).toEqual(written.get(branch.id));
    });
  });
}
