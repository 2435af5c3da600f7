import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import type { JsonValue } from 'fast-check';
import fc from 'fast-check';
import { CheckpointManager } from './checkpoint-manager.js';
import { runContext } from './test-support/fixtures.js';

type State = Record<string, unknown>;
type Op =
  | { kind: 'set'; key: string; value: JsonValue }
  | { kind: 'remove'; key: string }
  | { kind: 'append'; key: string; items: JsonValue[] }
  | { kind: 'replace-list'; key: string; items: JsonValue[] }
  | { kind: 'nested'; key: string; inner: string; value: JsonValue }
  | { kind: 'same' };
interface Step {
  readonly branch: string | undefined;
  readonly op: Op;
}

const key = fc.constantFrom('a', 'b', 'messages', 'logs', 'nested', 'constructor', 'é k');
const json = fc.jsonValue({ maxDepth: 2 });
const items = fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: json }),
  fc.record({ kind: fc.constant('remove' as const), key }),
  fc.record({ kind: fc.constant('append' as const), key, items }),
  fc.record({ kind: fc.constant('append' as const), key, items }),
  fc.record({ kind: fc.constant('replace-list' as const), key, items }),
  fc.record({ kind: fc.constant('nested' as const), key, inner: fc.constantFrom('x', 'y'), value: json }),
  fc.record({ kind: fc.constant('same' as const) }),
);
const step: fc.Arbitrary<Step> = fc.record({
  branch: fc.constantFrom(undefined, undefined, undefined, 'b1', 'b2'),
  op,
});
const deltaOptions = fc.record({
  snapshotEvery: fc.integer({ min: 1, max: 6 }),
  deltaBudget: fc.constantFrom(0, 0.5, 1, 3),
  maxChainLength: fc.integer({ min: 1, max: 8 }),
});

/** What the state becomes: a new object each time (the manager may keep no reference to the old one). */
function apply(state: State, o: Op): State {
  const next: State = { ...state };
  const list = (k: string) => (Array.isArray(next[k]) ? (next[k] as unknown[]) : []);
  switch (o.kind) {
    case 'set':
      next[o.key] = o.value;
      break;
    case 'remove':
      delete next[o.key];
      break;
    case 'append':
      next[o.key] = [...list(o.key), ...o.items];
      break;
    case 'replace-list':
      next[o.key] = o.items;
      break;
    case 'nested': {
      const inner = typeof next[o.key] === 'object' && next[o.key] !== null && !Array.isArray(next[o.key]);
      next[o.key] = { ...(inner ? (next[o.key] as State) : {}), [o.inner]: o.value };
      break;
    }
    case 'same':
      break;
  }
  return next;
}

/** The state as it reads back from JSON (-0 becomes 0, undefined members vanish). */
const normal = (state: State): unknown => JSON.parse(JSON.stringify(state));

describe('delta + snapshot reconstruction (property)', () => {
  it('decodes every checkpoint of random write sequences to exactly the state written', async () => {
    let deltas = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), deltaOptions, fc.boolean(), async (steps, delta, skip) => {
        const storage = new MemoryStorage();
        const writer = new CheckpointManager(storage, { delta: { enabled: true, ...delta }, skipUnchanged: skip });
        const ctx = runContext({ tenantId: 't' });
        const runId = ctx.runId as string;
        const model = new Map<string | undefined, State>();
        const written = new Map<string, unknown>();
        for (const { branch, op: o } of steps) {
          const before = model.get(branch) ?? model.get(undefined) ?? {};
          const state = apply(before, o);
          model.set(branch, state);
          const target = branch === undefined ? ctx : ctx.withBranch(branch);
          const { checkpoint } = await writer.checkpoint(target, 'node', state);
          expect(checkpoint.state).toEqual(normal(state));
          written.set(checkpoint.id, normal(state));
          if (checkpoint.encoding === 'delta') deltas++;
        }
        const fresh = new CheckpointManager(storage); // another process: nothing cached
        for (const [id, state] of written) {
          expect((await fresh.getCheckpoint(id, ctx))?.state).toEqual(state);
          expect((await writer.getCheckpoint(id, ctx))?.state).toEqual(state);
        }
        const listed = await new CheckpointManager(storage).listCheckpoints(runId, ctx, { limit: 1000 });
        expect(listed.map((c) => [c.id, c.state])).toEqual(listed.map((c) => [c.id, written.get(c.id)]));
        const resume = await fresh.getResumePoint(runId, ctx);
        for (const tip of resume?.branches ?? []) expect(tip.state).toEqual(normal(model.get(tip.branchId) ?? {}));
      }),
      { numRuns: 80 },
    );
    expect(deltas).toBeGreaterThan(100);
  });

  it('keeps every remaining checkpoint decodable and the last N of each branch after any prune', async () => {
    const policy = fc.record({ keepLastPerBranch: fc.integer({ min: 1, max: 4 }), maxAgeMs: fc.constantFrom(undefined, 5) });
    let removedTotal = 0;
    let sparedTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), deltaOptions, policy, async (steps, delta, p) => {
        const storage = new MemoryStorage();
        let t = 0;
        const manager = new CheckpointManager(storage, { delta, now: () => new Date(t) });
        const ctx = runContext();
        const model = new Map<string | undefined, State>();
        const written = new Map<string, unknown>();
        for (const { branch, op: o } of steps) {
          const state = apply(model.get(branch) ?? model.get(undefined) ?? {}, o);
          model.set(branch, state);
          const { checkpoint } = await manager.checkpoint(branch === undefined ? ctx : ctx.withBranch(branch), 'n', state);
          written.set(checkpoint.id, normal(state));
          t += 1;
        }
        const runId = ctx.runId as string;
        const before = await storage.listCheckpoints(runId, {}, { limit: 1000 });
        const { maxAgeMs, keepLastPerBranch } = p;
        const result = await manager.prune(maxAgeMs === undefined ? { keepLastPerBranch } : { keepLastPerBranch, maxAgeMs });
        const after = await new CheckpointManager(storage).listCheckpoints(runId, ctx, { limit: 1000 });
        for (const c of after) expect(c.state).toEqual(written.get(c.id));
        const removed = new Set(result.runs.flatMap((r) => r.checkpointIds));
        removedTotal += removed.size;
        sparedTotal += result.runs.reduce((sum, r) => sum + r.spared, 0);
        expect(after.length + removed.size).toBe(before.length);
        expect(before.slice(0, removed.size).every((c) => removed.has(c.id))).toBe(true); // a seq prefix
        if (maxAgeMs === undefined) {
          for (const branch of new Set(before.map((c) => c.branchId))) {
            const last = before.filter((c) => c.branchId === branch).slice(-keepLastPerBranch);
            expect(last.every((c) => !removed.has(c.id))).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(removedTotal).toBeGreaterThan(0);
    expect(sparedTotal).toBeGreaterThan(0);
  });
});
