import { createHash } from 'node:crypto';
import {
  newId,
  type ArtifactRef,
  type CheckpointRecord,
  type Entity,
  type Relationship,
  type SessionHandoff,
  type WorkflowOutcome,
  type WorkItem,
} from '@alma/types';
import { at, FIXTURE_AGENT as AGENT, FIXTURE_PROJECT as PROJECT } from './fixtures-base.js';

/** What the fixtures hand to saveCheckpoint: a NewCheckpoint with every field typed as stored. */
export type CheckpointInput = Omit<CheckpointRecord, 'seq' | 'createdAt'> & {
  createdAt?: Date;
  expectedLatestId?: string | null;
};

/** SHA-256 hex of a string, as checkpoint stateHash. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A checkpoint for `runId` whose state, hash and size agree. */
export function makeCheckpoint(overrides: Partial<CheckpointInput> & { state?: string } = {}): CheckpointInput {
  const state = overrides.state ?? JSON.stringify({ messages: ['hi'], step: 1 });
  return {
    id: newId('ckpt'),
    runId: 'run-conformance',
    nodeId: 'node-a',
    state,
    stateHash: sha256Hex(state),
    stateSizeBytes: Buffer.byteLength(state, 'utf8'),
    metadata: { source: 'conformance', attempt: 1 },
    createdAt: at(0),
    ...overrides,
  };
}

/** Adds the store-assigned seq to a checkpoint input: the record saveCheckpoint should return. */
export function expectedCheckpoint(input: CheckpointInput, seq: number): CheckpointRecord {
  return { ...input, seq, createdAt: input.createdAt ?? new Date(0) };
}

export function makeWorkflowOutcome(overrides: Partial<WorkflowOutcome> = {}): WorkflowOutcome {
  return {
    id: newId('wfo'),
    workflowId: 'wf-conformance',
    runId: 'run-conformance',
    agent: AGENT,
    projectId: PROJECT,
    result: 'success',
    summary: 'migrated the billing tables without downtime',
    strategiesUsed: ['dual writes', 'backfill'],
    successfulPatterns: ['feature flag'],
    failedPatterns: ['big-bang cutover'],
    extractedHeuristics: ['heur_000000000001'],
    extractedAntiPatterns: ['anti_000000000001'],
    durationSeconds: 42.5,
    nodeCount: 7,
    errorMessage: 'one retry on node 3',
    metadata: { source: 'conformance', tags: ['a', 'b'] },
    createdAt: at(0),
    ...overrides,
  };
}

export function makeArtifactLink(memoryId: string, overrides: Partial<ArtifactRef> = {}): ArtifactRef {
  return {
    id: newId('art'),
    memoryId,
    artifactType: 'screenshot',
    storageUrl: 's3://bucket/path/shot.png',
    filename: 'shot.png',
    mimeType: 'image/png',
    sizeBytes: 2048,
    checksum: 'sha256:abc123',
    metadata: { width: 800, height: 600 },
    createdAt: at(0),
    ...overrides,
  };
}

export function makeSessionHandoff(overrides: Partial<SessionHandoff> = {}): SessionHandoff {
  return {
    id: newId('sess'),
    projectId: PROJECT,
    agent: AGENT,
    sessionId: newId('session'),
    lastAction: 'ran the unit tests',
    lastOutcome: 'success',
    currentGoal: 'ship the login page',
    keyDecisions: ['use cookies, not localStorage'],
    activeFiles: ['src/login.ts', 'src/session.ts'],
    blockers: ['waiting for the API key'],
    nextSteps: ['write e2e test'],
    testStatus: { unit: true, e2e: false },
    confidenceLevel: 0.75,
    riskFlags: ['touches auth'],
    sessionStart: at(-60),
    sessionEnd: at(0),
    durationMs: 3_600_000,
    metadata: { editor: 'vim' },
    createdAt: at(0),
    ...overrides,
  };
}

export function makeWorkItem(overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id: newId('work'),
    projectId: PROJECT,
    agent: AGENT,
    title: 'add password reset',
    description: 'email a one-time link',
    itemType: 'feature',
    status: 'in_progress',
    priority: 70,
    startedAt: at(-30),
    completedAt: at(30),
    timeSpentMs: 90_000,
    attemptCount: 2,
    parentId: 'work_parent00001',
    blocks: ['work_blocked0001'],
    blockedBy: ['work_blocker0001'],
    tests: ['reset.test.ts'],
    testsPassing: true,
    acceptanceCriteria: ['link expires after 1 hour'],
    metadata: { estimate: 3 },
    createdAt: at(0),
    updatedAt: at(5),
    ...overrides,
  };
}

export function makeEntity(overrides: Partial<Entity> = {}): Entity {
  return {
    id: newId('ent'),
    projectId: PROJECT,
    name: 'Billing Service',
    entityType: 'service',
    properties: { language: 'go', owners: ['team-a'] },
    createdAt: at(0),
    ...overrides,
  };
}

export function makeRelationship(
  sourceId: string,
  targetId: string,
  overrides: Partial<Relationship> = {},
): Relationship {
  return {
    id: newId('rel'),
    projectId: PROJECT,
    sourceId,
    targetId,
    relationType: 'depends_on',
    properties: { critical: true },
    confidence: 0.9,
    validFrom: at(-1440),
    validTo: at(1440),
    createdAt: at(0),
    ...overrides,
  };
}
