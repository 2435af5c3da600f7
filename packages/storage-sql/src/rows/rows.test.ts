import { describe, expect, it } from '@jest/globals';
import { nativeCodec, textCodec, type SqlCodec, type StorageForms } from '../codec.js';
import {
  artifact,
  checkpoint,
  entity,
  handoff,
  relationship,
  workflowOutcome,
  workItem,
} from '../test-support/fixtures.js';
import { extrasMappers, nameKey } from './extras.js';
import { workflowMappers } from './workflow.js';

// Typed as the common codec: each case runs once per form.
const dialects: Array<[string, SqlCodec<StorageForms>]> = [
  ['text forms', textCodec as SqlCodec<StorageForms>],
  ['native forms', nativeCodec as SqlCodec<StorageForms>],
];

describe.each(dialects)('row mappers round-trip every field (%s)', (_, codec) => {
  const x = extrasMappers(codec);
  const w = workflowMappers(codec);

  it('session handoffs, work items, entities, relationships', () => {
    for (const h of [handoff(), handoff({ tenantId: 't', sessionEnd: undefined, durationMs: undefined })]) {
      expect(x.handoffFromRow(x.handoffToRow(h))).toEqual(h);
    }
    for (const item of [workItem(), workItem({ testsPassing: false, agent: undefined, startedAt: undefined, completedAt: undefined, parentId: undefined })]) {
      expect(x.workItemFromRow(x.workItemToRow(item))).toEqual(item);
    }
    const e = entity({ tenantId: 't' });
    expect(x.entityToRow(e).nameLower).toBe('alice');
    expect(x.entityFromRow(x.entityToRow(e))).toEqual(e);
    const r = relationship({ validTo: new Date(5) });
    expect(x.relationshipFromRow(x.relationshipToRow(r))).toEqual(r);
    expect(x.relationshipFromRow(x.relationshipToRow(relationship({ validFrom: undefined })))).not.toHaveProperty('validFrom');
  });

  it('checkpoints, workflow outcomes, artifact links', () => {
    const c = checkpoint({ tenantId: 't', workflowId: 'wf', branchId: 'b', parentCheckpointId: 'c0', encoding: 'delta' });
    const { seq, ...input } = c;
    expect(w.checkpointFromRow({ ...w.checkpointToRow(input), seq })).toEqual(c);
    expect(w.checkpointToRow(input)).not.toHaveProperty('seq');
    const plain = checkpoint();
    expect(w.checkpointFromRow({ ...w.checkpointToRow(plain), seq: plain.seq })).toEqual(plain);
    // A row read without the optional columns (undefined, not null) gives a record without those keys.
    const bare = { ...w.checkpointToRow(plain), seq: plain.seq, branchId: undefined, parentCheckpointId: undefined, encoding: undefined };
    const fromBare = w.checkpointFromRow(bare as unknown as Parameters<typeof w.checkpointFromRow>[0]);
    expect(['branchId', 'parentCheckpointId', 'encoding'].filter((k) => k in fromBare)).toEqual([]);

    const o = workflowOutcome({ tenantId: 't', errorMessage: 'boom' });
    const vector = Float32Array.from([1, 0]);
    expect(w.workflowOutcomeFromRow(w.workflowOutcomeToRow(o), vector)).toEqual({ ...o, embedding: vector });
    expect(w.workflowOutcomeFromRow(w.workflowOutcomeToRow(o), null)).toEqual(o);
    expect(w.workflowOutcomeToRow({ ...o, embedding: vector })).not.toHaveProperty('embedding');

    for (const a of [artifact({ tenantId: 't' }), artifact({ filename: undefined, mimeType: undefined, sizeBytes: undefined, checksum: undefined })]) {
      expect(w.artifactLinkFromRow(w.artifactLinkToRow(a))).toEqual(a);
    }
  });

  it('run summaries sort their branches and omit absent scope fields', () => {
    const row = {
      runId: 'run', tenantId: null, workflowId: 'wf', agent: null, status: 'running', metadata: codec.json({ k: 1 }, 'metadata'),
      latestSeq: 4, checkpointCount: 3, stateBytes: 30, storedBytes: 20, firstAt: codec.time(new Date(1)), lastAt: codec.time(new Date(2)),
    };
    expect(w.runFromRow(row, ['zeta', 'alpha'])).toEqual({
      runId: 'run', workflowId: 'wf', status: 'running', metadata: { k: 1 }, checkpointCount: 3, latestSeq: 4, stateBytes: 30,
      storedBytes: 20, branches: ['alpha', 'zeta'], firstAt: new Date(1), lastAt: new Date(2),
    });
  });
});

describe('legacy rows (text forms)', () => {
  it('a handoff with NULL columns reads with the contract defaults', () => {
    const row = {
      id: 's', projectId: 'p', agent: 'a', sessionId: 'x', tenantId: null, lastAction: null, lastOutcome: null,
      currentGoal: null, keyDecisions: null, activeFiles: null, blockers: null, nextSteps: null, testStatus: null,
      confidenceLevel: null, riskFlags: null, sessionStart: null, sessionEnd: null, durationMs: null, metadata: null,
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    expect(extrasMappers(textCodec).handoffFromRow(row)).toEqual({
      id: 's', projectId: 'p', agent: 'a', sessionId: 'x', lastAction: '', lastOutcome: 'unknown', currentGoal: '',
      keyDecisions: [], activeFiles: [], blockers: [], nextSteps: [], testStatus: {}, confidenceLevel: 0.5, riskFlags: [],
      sessionStart: new Date('2024-01-01T00:00:00.000Z'), metadata: {}, createdAt: new Date('2024-01-01T00:00:00.000Z'),
    });
  });

  it('stores text forms: ISO times, JSON text, 0/1', () => {
    const row = extrasMappers(textCodec).workItemToRow(workItem({ testsPassing: false }));
    expect(row).toMatchObject({ testsPassing: 0, blocks: '["w2"]', metadata: '{}', createdAt: '2024-01-15T11:00:00.000Z', completedAt: null });
    expect(nameKey('ÄBc')).toBe('äbc');
  });
});
