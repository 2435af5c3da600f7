import { beforeAll, describe, expect, it } from '@jest/globals';
import { ScopeViolationError, ValidationError, WorkflowContext, type ScopeFields } from '@alma/types';
import { MemoryStorage } from '@alma/storage-memory';
import { RetrievalEngine } from './engine.js';
import { FixedEmbedder } from './test-support/fixed-embedder.js';
import { NOW, heuristic, preference, workflowOutcome } from './test-support/records.js';

const TASK = 'same task';
const storage = new MemoryStorage();

/** One heuristic per (place, agent); every embedding equals the query's, so only scope decides. */
const PLACES: Record<string, ScopeFields> = {
  none: {},
  t1: { tenantId: 't1' },
  t1wf1: { tenantId: 't1', workflowId: 'wf1' },
  t1wf2: { tenantId: 't1', workflowId: 'wf2' },
  t1run1: { tenantId: 't1', workflowId: 'wf1', runId: 'run1' },
  t1run2: { tenantId: 't1', workflowId: 'wf1', runId: 'run2' },
  t1node1: { tenantId: 't1', workflowId: 'wf1', runId: 'run1', nodeId: 'n1' },
  t1node2: { tenantId: 't1', workflowId: 'wf1', runId: 'run1', nodeId: 'n2' },
  t2: { tenantId: 't2' },
};
const AGENTS = ['alice', 'bob', 'carol', 'dave'];

function engine(): RetrievalEngine {
  return new RetrievalEngine({
    storage,
    embedder: new FixedEmbedder(2, { [TASK]: [1, 0] }),
    now: () => NOW,
    cache: false,
    // alice inherits from bob (pull); carol shares with alice (push); dave shares with nobody.
    scopes: {
      alice: { agentName: 'alice', inheritFrom: ['bob'] },
      carol: { agentName: 'carol', shareWith: ['alice'] },
    },
  });
}

const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id).sort();
const expected = (places: string[], agents: string[]): string[] =>
  places.flatMap((p) => agents.map((a) => `${p}-${a}`)).sort();

beforeAll(async () => {
  for (const [place, fields] of Object.entries(PLACES)) {
    await storage.saveMemories(
      'heuristic',
      AGENTS.map((agent) => heuristic({ id: `${place}-${agent}`, agent, embedding: [1, 0], ...fields })),
    );
  }
  await storage.saveMemory('heuristic', heuristic({ id: 'other-project', projectId: 'p2', embedding: [1, 0] }));
  await storage.saveMemories('user_preference', [
    preference({ id: 'pref-none' }),
    preference({ id: 'pref-t1-wf2', tenantId: 't1', workflowId: 'wf2' }),
    preference({ id: 'pref-t2', tenantId: 't2' }),
    preference({ id: 'pref-other-project', projectId: 'p2' }),
  ]);
  await storage.saveWorkflowOutcome(
    workflowOutcome({ id: 'wo-t1-run1', tenantId: 't1', workflowId: 'wf1', runId: 'run1', embedding: [1, 0] }),
  );
  await storage.saveWorkflowOutcome(
    workflowOutcome({ id: 'wo-t1-run2', tenantId: 't1', workflowId: 'wf1', runId: 'run2', embedding: [1, 0] }),
  );
});

const readable = ['alice', 'bob', 'carol'];
const req = { task: TASK, agent: 'alice', projectId: 'p1', topK: 100 };
const run1 = { tenantId: 't1', workflowId: 'wf1', runId: 'run1', nodeId: 'n1' };

describe('RetrievalEngine scopes', () => {
  it('without context or scope behaves as AGENT scope on single-tenant data (backward compatible)', async () => {
    const slice = await engine().retrieve(req);
    expect(ids(slice.heuristics)).toEqual(expected(['none'], readable));
    const explicit = await engine().retrieve({ ...req, scope: 'agent', context: {} });
    expect(ids(explicit.heuristics)).toEqual(ids(slice.heuristics));
    expect(slice.metadata).toMatchObject({ scope: 'agent', scopeFilter: {}, agents: ['alice', 'bob', 'carol'] });
    expect(slice.metadata).not.toHaveProperty('context');
  });

  it('marks memories of other agents with metadata.sharedFrom', async () => {
    const slice = await engine().retrieve(req);
    const bob = slice.heuristics.find((h) => h.agent === 'bob');
    expect(bob?.metadata).toMatchObject({ sharedFrom: 'bob' });
    expect(slice.heuristics.find((h) => h.agent === 'alice')?.metadata).not.toHaveProperty('sharedFrom');
    // bob does not inherit from alice and alice shares with nobody: bob reads only his own.
    const asBob = await engine().retrieve({ ...req, agent: 'bob' });
    expect(ids(asBob.heuristics)).toEqual(['none-bob']);
    const ownOnly = await engine().retrieve({ ...req, includeShared: false });
    expect(ids(ownOnly.heuristics)).toEqual(['none-alice']);
  });

  it('AGENT scope reads every workflow of the context tenant, readable agents only', async () => {
    const slice = await engine().retrieve({ ...req, scope: 'AGENT', context: run1 });
    const t1 = ['t1', 't1wf1', 't1wf2', 't1run1', 't1run2', 't1node1', 't1node2'];
    expect(ids(slice.heuristics)).toEqual(expected(t1, readable));
    expect(slice.metadata).toMatchObject({ scopeFilter: { tenantId: 't1' }, context: { tenantId: 't1', runId: 'run1' } });
  });

  it('TENANT scope reads the whole tenant but still only readable agents (sharing is enforced)', async () => {
    const slice = await engine().retrieve({ ...req, scope: 'tenant', context: { tenantId: 't2' } });
    expect(ids(slice.heuristics)).toEqual(expected(['t2'], readable));
    expect(ids(slice.heuristics)).not.toEqual(expected(['t2'], AGENTS));
  });

  it('WORKFLOW, RUN and NODE narrow by the context ids', async () => {
    const e = engine();
    const wf = await e.retrieve({ ...req, scope: 'workflow', context: run1 });
    expect(ids(wf.heuristics)).toEqual(expected(['t1wf1', 't1run1', 't1run2', 't1node1', 't1node2'], readable));
    const run = await e.retrieve({ ...req, scope: 'run', context: run1 });
    expect(ids(run.heuristics)).toEqual(expected(['t1run1', 't1node1', 't1node2'], readable));
    const node = await e.retrieve({ ...req, scope: 'node', context: WorkflowContext.from(run1) });
    expect(ids(node.heuristics)).toEqual(expected(['t1node1'], readable));
  });

  it('GLOBAL needs admin and then reads every tenant of the project', async () => {
    const e = engine();
    await expect(e.retrieve({ ...req, scope: 'global' })).rejects.toThrow(ScopeViolationError);
    const slice = await e.retrieve({ ...req, scope: 'global', admin: true });
    expect(ids(slice.heuristics)).toEqual(expected(Object.keys(PLACES), AGENTS));
    expect(slice.metadata['scopeFilter']).toEqual({ allTenants: true });
  });

  it('rejects a narrow scope without its ids and an inconsistent context', async () => {
    const e = engine();
    await expect(e.retrieve({ ...req, scope: 'run', context: { tenantId: 't1', workflowId: 'wf1' } })).rejects.toThrow(
      /needs context.runId/,
    );
    await expect(e.retrieve({ ...req, scope: 'node', context: { tenantId: 't1' } })).rejects.toThrow(ValidationError);
    await expect(e.retrieve({ ...req, context: { nodeId: 'n1' } })).rejects.toThrow(/nodeId needs runId/);
  });

  it('never crosses projects', async () => {
    const slice = await engine().retrieve({ ...req, scope: 'global', admin: true });
    expect(ids(slice.heuristics)).not.toContain('other-project');
    const p2 = await engine().retrieve({ ...req, projectId: 'p2' });
    expect(ids(p2.heuristics)).toEqual(['other-project']);
  });

  it('reads user preferences tenant-wide, whatever the retrieval scope', async () => {
    const e = engine();
    const single = await e.retrieve({ ...req, userId: 'u1' });
    expect(ids(single.preferences)).toEqual(['pref-none']);
    const node = await e.retrieve({ ...req, userId: 'u1', scope: 'node', context: run1 });
    expect(ids(node.preferences)).toEqual(['pref-t1-wf2']);
  });

  it('filters workflow outcomes by scope, ignoring the node level', async () => {
    const e = engine();
    const node = await e.retrieve({ ...req, scope: 'node', context: run1, includeWorkflowOutcomes: true });
    expect(ids(node.workflowOutcomes)).toEqual(['wo-t1-run1']);
    const wf = await e.retrieve({ ...req, scope: 'workflow', context: run1, includeWorkflowOutcomes: true });
    expect(ids(wf.workflowOutcomes)).toEqual(['wo-t1-run1', 'wo-t1-run2']);
    const none = await e.retrieve({ ...req, includeWorkflowOutcomes: true });
    expect(none.workflowOutcomes).toEqual([]);
  });
});
