import { ADMIN_ALL_TENANTS, type StorageBackend } from '@alma/types';
import {
  at,
  FIXTURE_PROJECT,
  makeArtifactLink,
  makeCheckpoint,
  makeEntity,
  makeHeuristic,
  makeRelationship,
  makeSessionHandoff,
  makeWorkflowOutcome,
  makeWorkItem,
  unitVector,
} from '../fixtures.js';

type Rec = Record<string, unknown>;

/** One non-memory record type, described so the bad-input cases can loop over all of them. */
export interface RecordKind {
  readonly name: string;
  /** A fresh valid record. */
  readonly make: () => Rec;
  readonly save: (record: Rec) => Promise<unknown>;
  /** How many records of this kind the fixture project holds (admin read). */
  readonly count: () => Promise<number>;
  readonly read: (id: string) => Promise<unknown>;
  /** What a read of a saved `record` returns. */
  readonly expected: (record: Rec) => unknown;
  /** Id-typed fields (malformed ids must be rejected in each). */
  readonly idFields: readonly string[];
  /** Overrides that make the record invalid. */
  readonly invalid: readonly Rec[];
  /** Overrides that exceed a size limit. */
  readonly oversized: readonly Rec[];
}

/** Project of the anchor records (artifact owner, relationship ends), kept out of the counted fixture project. */
export const ANCHOR_PROJECT = 'proj-anchors';
const RUN = 'run-conformance';
const long = (n: number) => 'x'.repeat(n);
const admin = ADMIN_ALL_TENANTS;
const byProject = { scope: admin, projectId: FIXTURE_PROJECT };

/** Saves the anchors (a heuristic for artifact links, two entities for relationships) and describes every kind. */
export async function recordKinds(store: StorageBackend, dim: number): Promise<RecordKind[]> {
  const owner = makeHeuristic({ projectId: ANCHOR_PROJECT });
  await store.saveMemory('heuristic', owner);
  const [source, target] = [makeEntity({ projectId: ANCHOR_PROJECT }), makeEntity({ projectId: ANCHOR_PROJECT })];
  await store.saveEntity(source);
  await store.saveEntity(target);
  const same = (r: Rec) => r;
  return [
    {
      name: 'checkpoint',
      make: () => makeCheckpoint({ runId: RUN }) as unknown as Rec,
      save: (r) => store.saveCheckpoint(r as never),
      count: async () => (await store.listCheckpoints(RUN, admin, { limit: 1000 })).length,
      read: (id) => store.getCheckpoint(id, admin),
      expected: (r) => ({ ...r, seq: 1 }),
      idFields: ['id', 'runId', 'nodeId', 'branchId', 'parentCheckpointId', 'tenantId'],
      invalid: [
        { stateHash: 'not-hex' },
        { stateSizeBytes: -1 },
        { state: 42 },
        { metadata: 'x' },
        { createdAt: 'garbage' },
      ],
      oversized: [],
    },
    {
      name: 'workflow outcome',
      make: () => makeWorkflowOutcome({ embedding: unitVector(dim, 0) }) as unknown as Rec,
      save: (r) => store.saveWorkflowOutcome(r as never),
      count: async () => (await store.queryWorkflowOutcomes({ ...byProject, topK: 1000 })).length,
      read: (id) => store.getWorkflowOutcome(id, admin),
      expected: same,
      idFields: ['id', 'workflowId', 'runId', 'agent', 'projectId', 'tenantId'],
      invalid: [
        { result: 'won' },
        { summary: '' },
        { nodeCount: 1.5 },
        { durationSeconds: -1 },
        { strategiesUsed: 'not a list' },
        { embedding: [Number.NaN] },
        { extractedHeuristics: [''] },
      ],
      oversized: [{ summary: long(100_001) }, { strategiesUsed: Array.from({ length: 1001 }, () => 's') }],
    },
    {
      name: 'artifact link',
      make: () => makeArtifactLink(owner.id) as unknown as Rec,
      save: (r) => store.saveArtifactLink(r as never),
      count: async () => (await store.getArtifactLinks(owner.id, admin)).length,
      read: async (id) => (await store.getArtifactLinks(owner.id, admin)).find((l) => l.id === id),
      expected: same,
      idFields: ['id', 'memoryId', 'tenantId'],
      invalid: [{ artifactType: 'hologram' }, { storageUrl: '' }, { sizeBytes: -1 }, { createdAt: 'garbage' }],
      oversized: [{ storageUrl: `s3://${long(4093)}` }, { mimeType: long(256) }, { checksum: long(256) }],
    },
    {
      name: 'session handoff',
      make: () => makeSessionHandoff() as unknown as Rec,
      save: (r) => store.saveSessionHandoff(r as never),
      count: async () => (await store.listSessionHandoffs(byProject)).length,
      read: async (id) => (await store.listSessionHandoffs(byProject)).find((s) => s.id === id),
      expected: same,
      idFields: ['id', 'projectId', 'agent', 'sessionId', 'tenantId'],
      invalid: [
        { lastOutcome: 'meh' },
        { confidenceLevel: 2 },
        { sessionStart: 'garbage' },
        { testStatus: { unit: 'yes' } },
      ],
      oversized: [{ keyDecisions: Array.from({ length: 1001 }, () => 'd') }, { currentGoal: long(100_001) }],
    },
    {
      name: 'work item',
      make: () => makeWorkItem() as unknown as Rec,
      save: (r) => store.saveWorkItem(r as never),
      count: async () => (await store.listWorkItems(byProject)).length,
      read: (id) => store.getWorkItem(id, admin),
      expected: same,
      idFields: ['id', 'projectId', 'agent', 'parentId', 'tenantId'],
      invalid: [{ status: 'finished' }, { priority: 101 }, { title: '' }, { blocks: [''] }, { timeSpentMs: -1 }],
      oversized: [{ description: long(100_001) }, { itemType: long(65) }],
    },
    {
      name: 'entity',
      make: () => makeEntity() as unknown as Rec,
      save: (r) => store.saveEntity(r as never),
      count: async () => (await store.queryEntities(byProject)).length,
      read: (id) => store.getEntity(id, admin),
      expected: same,
      idFields: ['id', 'projectId', 'tenantId'],
      invalid: [{ name: '' }, { entityType: '' }, { properties: 'x' }],
      oversized: [{ entityType: long(129) }, { name: long(100_001) }],
    },
    {
      name: 'relationship',
      make: () => makeRelationship(source.id, target.id) as unknown as Rec,
      save: (r) => store.saveRelationship(r as never),
      count: async () => (await store.queryRelationships(byProject)).length,
      read: async (id) => (await store.queryRelationships(byProject)).find((r) => r.id === id),
      expected: same,
      idFields: ['id', 'sourceId', 'targetId', 'projectId', 'tenantId'],
      invalid: [
        { validFrom: at(10), validTo: at(5) },
        { validFrom: at(5), validTo: at(5) },
        { confidence: 3 },
        { relationType: '' },
      ],
      oversized: [{ relationType: long(129) }],
    },
  ];
}
