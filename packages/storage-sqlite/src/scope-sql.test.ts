import { afterAll, describe, expect, it } from '@jest/globals';
import { matchesScope, tenantScope, ValidationError, type ScopeFilter } from '@alma/types';
import { checkpoint, heuristic, scopeCombinations, storeFactory, T0, workflowOutcome } from './test-support/fixtures.js';

const stores = storeFactory('alma-sqlite-scope-');
afterAll(() => stores.cleanup());

function filters(): ScopeFilter[] {
  const out: ScopeFilter[] = [];
  for (const tenant of [{ allTenants: true }, {}, { tenantId: 't1' }])
    for (const workflowId of [undefined, 'w1'])
      for (const runId of [undefined, 'r1'])
        for (const nodeId of [undefined, 'n1'])
          for (const branchId of [undefined, 'b1']) {
            out.push({
              ...tenant,
              ...(workflowId ? { workflowId } : {}),
              ...(runId ? { runId } : {}),
              ...(nodeId ? { nodeId } : {}),
              ...(branchId ? { branchId } : {}),
            });
          }
  return out;
}

const sorted = (ids: string[]): string[] => [...ids].sort();

describe('ScopeFilter -> SQL agrees with matchesScope', () => {
  it('memories (the four scope columns; a branch filter matches none)', async () => {
    const store = stores.memory();
    const records = scopeCombinations().map((scope, i) => heuristic(`h-${String(i).padStart(2, '0')}`, scope));
    await store.saveMemories('heuristic', records);
    for (const filter of filters()) {
      const got = await store.queryMemories('heuristic', { scope: filter, topK: 1000 });
      const expected = records.filter((r) => matchesScope(r, filter)).map((r) => r.id);
      expect({ filter, ids: sorted(got.map((g) => g.record.id)) }).toEqual({ filter, ids: sorted(expected) });
    }
  });

  it('checkpoints (five scope columns including branch)', async () => {
    const store = stores.memory();
    const records = [];
    let i = 0;
    for (const scope of scopeCombinations()) {
      for (const branchId of [undefined, 'b1']) {
        const saved = await store.saveCheckpoint(
          checkpoint(`c-${i++}`, scope.runId ?? 'r0', {
            ...scope,
            nodeId: scope.nodeId ?? 'n0',
            ...(branchId ? { branchId } : {}),
          }),
        );
        records.push(saved);
      }
    }
    for (const filter of filters()) {
      const visible: string[] = [];
      for (const r of records) if (await store.getCheckpoint(r.id, filter)) visible.push(r.id);
      const expected = records.filter((r) => matchesScope(r, filter)).map((r) => r.id);
      expect({ filter, ids: sorted(visible) }).toEqual({ filter, ids: sorted(expected) });
      const old = new Date(T0.getTime() + 1);
      expect(await store.deleteCheckpointsOlderThan(old, filter)).toBe(0);
    }
  });

  it('workflow outcomes (run level: node and branch filters match none)', async () => {
    const store = stores.memory();
    const records = scopeCombinations().map((scope, i) =>
      workflowOutcome(`wo-${i}`, { ...scope, workflowId: scope.workflowId ?? 'w0', runId: scope.runId ?? 'r0' }),
    );
    for (const r of records) {
      const { nodeId: _n, ...rest } = r as typeof r & { nodeId?: string };
      await store.saveWorkflowOutcome(rest);
    }
    for (const filter of filters()) {
      const got = await store.queryWorkflowOutcomes({ scope: filter, topK: 1000 });
      const expected = records
        .map(({ nodeId: _n, ...rest }: typeof records[number] & { nodeId?: string }) => rest)
        .filter((r) => matchesScope(r, filter))
        .map((r) => r.id);
      expect({ filter, ids: sorted(got.map((g) => g.record.id)) }).toEqual({ filter, ids: sorted(expected) });
    }
  });

  it('tenant-only records (work items) use tenantScope', async () => {
    const store = stores.memory();
    const tenants = [undefined, 't1', 't2'];
    const items = tenants.map((tenantId, i) => ({
      id: `wi-${i}`,
      projectId: 'proj',
      ...(tenantId ? { tenantId } : {}),
      title: 'do it',
      createdAt: T0,
      updatedAt: T0,
    }));
    for (const item of items) await store.saveWorkItem(item as never);
    for (const filter of filters()) {
      const visible: string[] = [];
      for (const item of items) if (await store.getWorkItem(item.id, filter)) visible.push(item.id);
      const expected = items.filter((item) => matchesScope(item, tenantScope(filter))).map((item) => item.id);
      expect({ filter, visible }).toEqual({ filter, visible: expected });
    }
  });

  it('rejects a malformed filter with ValidationError', async () => {
    const store = stores.memory();
    await expect(store.getMemory('heuristic', 'x', { allTenants: true, tenantId: 't' })).rejects.toThrow(ValidationError);
    await expect(store.getMemory('heuristic', 'x', { tenant: 't' } as never)).rejects.toThrow(ValidationError);
  });
});
