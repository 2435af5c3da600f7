import type {
  AntiPattern,
  ArtifactRef,
  CheckpointRecord,
  DomainKnowledge,
  Entity,
  Heuristic,
  Outcome,
  Relationship,
  SessionHandoff,
  UserPreference,
  WorkflowOutcome,
  WorkItem,
} from '@alma/types';

/** 2024-01-15T12:00:00Z shifted by `minutes`. */
export const at = (minutes: number): Date => new Date(Date.UTC(2024, 0, 15, 12, 0, 0) + minutes * 60_000);
const meta = { label: 'x', nested: { n: 3, flags: [true, false], none: null } };

export const heuristic = (o: Partial<Heuristic> = {}): Heuristic => ({
  id: 'h1', agent: 'agent', projectId: 'proj', condition: 'when flaky', strategy: 'retry once', confidence: 0.8,
  occurrenceCount: 5, successCount: 4, lastValidated: at(0), createdAt: at(-600), metadata: meta, ...o,
});

export const outcome = (o: Partial<Outcome> = {}): Outcome => ({
  id: 'o1', agent: 'agent', projectId: 'proj', taskType: 'forms', taskDescription: 'test the form', success: true,
  strategyUsed: 'boundaries', durationMs: 1234, errorMessage: 'none', userFeedback: 'ok', timestamp: at(0), metadata: meta, ...o,
});

export const preference = (o: Partial<UserPreference> = {}): UserPreference => ({
  id: 'p1', projectId: 'proj', userId: 'user', category: 'style', preference: 'small functions', source: 'told',
  confidence: 0.9, timestamp: at(0), metadata: meta, ...o,
});

export const domainKnowledge = (o: Partial<DomainKnowledge> = {}): DomainKnowledge => ({
  id: 'd1', agent: 'agent', projectId: 'proj', domain: 'auth', fact: 'sessions expire', source: 'docs', confidence: 0.7,
  lastVerified: at(0), metadata: meta, ...o,
});

export const antiPattern = (o: Partial<AntiPattern> = {}): AntiPattern => ({
  id: 'a1', agent: 'agent', projectId: 'proj', pattern: 'sleep in tests', whyBad: 'flaky', betterAlternative: 'wait for it',
  occurrenceCount: 2, lastSeen: at(0), createdAt: at(-60), metadata: meta, ...o,
});

export const handoff = (o: Partial<SessionHandoff> = {}): SessionHandoff => ({
  id: 's1', projectId: 'proj', agent: 'agent', sessionId: 'sess', lastAction: 'ran tests', lastOutcome: 'success',
  currentGoal: 'ship', keyDecisions: ['cookies'], activeFiles: ['a.ts'], blockers: [], nextSteps: ['e2e'],
  testStatus: { unit: true, e2e: false }, confidenceLevel: 0.75, riskFlags: ['auth'], sessionStart: at(-60),
  sessionEnd: at(0), durationMs: 3_600_000, metadata: { editor: 'vim' }, createdAt: at(0), ...o,
});

export const workItem = (o: Partial<WorkItem> = {}): WorkItem => ({
  id: 'w1', projectId: 'proj', agent: 'agent', title: 'reset', description: 'email a link', itemType: 'feature',
  status: 'in_progress', priority: 70, startedAt: at(-30), timeSpentMs: 10, attemptCount: 1, parentId: 'w0',
  blocks: ['w2'], blockedBy: [], tests: ['t1'], testsPassing: true, acceptanceCriteria: ['works'], metadata: {},
  createdAt: at(-60), updatedAt: at(0), ...o,
});

export const entity = (o: Partial<Entity> = {}): Entity => ({
  id: 'e1', projectId: 'proj', name: 'Alice', entityType: 'person', properties: { age: 3 }, createdAt: at(0), ...o,
});

export const relationship = (o: Partial<Relationship> = {}): Relationship => ({
  id: 'r1', projectId: 'proj', sourceId: 'e1', targetId: 'e2', relationType: 'knows', properties: {}, confidence: 0.5,
  validFrom: at(-10), createdAt: at(0), ...o,
});

export const checkpoint = (o: Partial<CheckpointRecord> = {}): CheckpointRecord => ({
  id: 'c1', runId: 'run', nodeId: 'node', seq: 3, state: '{}', stateHash: 'h', stateSizeBytes: 2, metadata: { a: 1 },
  createdAt: at(0), ...o,
});

export const workflowOutcome = (o: Partial<WorkflowOutcome> = {}): WorkflowOutcome => ({
  id: 'wo1', workflowId: 'wf', runId: 'run', agent: 'agent', projectId: 'proj', result: 'success', summary: 'done',
  strategiesUsed: ['a'], successfulPatterns: [], failedPatterns: ['b'], extractedHeuristics: [], extractedAntiPatterns: [],
  durationSeconds: 1.5, nodeCount: 3, metadata: {}, createdAt: at(0), ...o,
});

export const artifact = (o: Partial<ArtifactRef> = {}): ArtifactRef => ({
  id: 'art1', memoryId: 'h1', artifactType: 'screenshot', storageUrl: 's3://b/k.png', filename: 'k.png',
  mimeType: 'image/png', sizeBytes: 10, checksum: 'sha256:x', metadata: { w: 1 }, createdAt: at(0), ...o,
});
