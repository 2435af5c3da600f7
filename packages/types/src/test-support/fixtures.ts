// Valid raw inputs for every record schema; tests spread them and change one field at a time.
const T0 = '2026-01-02T03:04:05.000Z';

export const rawHeuristic = () => ({
  id: 'heur_000000000001',
  agent: 'helena',
  projectId: 'proj',
  condition: 'form has a date field',
  strategy: 'type the date, do not use the picker',
  confidence: 0.8,
  occurrenceCount: 5,
  successCount: 4,
  lastValidated: T0,
  createdAt: T0,
});

export const rawOutcome = () => ({
  id: 'out_000000000001',
  agent: 'helena',
  projectId: 'proj',
  taskType: 'form_testing',
  taskDescription: 'test the login form',
  success: true,
  strategyUsed: 'fill fields then submit',
  timestamp: T0,
});

export const rawPreference = () => ({
  id: 'pref_000000000001',
  projectId: 'proj',
  userId: 'user-1',
  category: 'style',
  preference: 'no emojis in reports',
  source: 'user_stated',
  confidence: 1,
  timestamp: T0,
});

export const rawDomainKnowledge = () => ({
  id: 'dk_000000000001',
  agent: 'helena',
  projectId: 'proj',
  domain: 'auth',
  fact: 'Login needs a CSRF token',
  source: 'user_stated',
  confidence: 0.9,
  lastVerified: T0,
});

export const rawAntiPattern = () => ({
  id: 'anti_000000000001',
  agent: 'helena',
  projectId: 'proj',
  pattern: 'sleep 5 seconds before clicking',
  whyBad: 'flaky and slow',
  betterAlternative: 'wait for the element',
  occurrenceCount: 3,
  lastSeen: T0,
  createdAt: T0,
});

export const rawWorkflowOutcome = () => ({
  id: 'wo_000000000001',
  workflowId: 'wf-1',
  runId: 'run-1',
  agent: 'helena',
  projectId: 'proj',
  result: 'success',
  summary: 'all checks passed',
  createdAt: T0,
});

export const rawArtifactRef = () => ({
  id: 'art_1',
  memoryId: 'out_000000000001',
  artifactType: 'screenshot',
  storageUrl: 's3://bucket/shot.png',
  createdAt: T0,
});

export const rawSessionHandoff = () => ({
  id: 'ho_1',
  projectId: 'proj',
  agent: 'helena',
  sessionId: 'sess-1',
  sessionStart: T0,
  createdAt: T0,
});

export const rawWorkItem = () => ({
  id: 'wi_1',
  projectId: 'proj',
  title: 'Write the README',
  createdAt: T0,
  updatedAt: T0,
});

export const rawEntity = () => ({
  id: 'ent_1',
  projectId: 'proj',
  name: 'Login page',
  entityType: 'page',
  createdAt: T0,
});

export const rawRelationship = () => ({
  id: 'rel_1',
  projectId: 'proj',
  sourceId: 'ent_1',
  targetId: 'ent_2',
  relationType: 'links_to',
  createdAt: T0,
});

export const rawCheckpoint = () => ({
  id: 'cp_1',
  runId: 'run-1',
  nodeId: 'node-1',
  state: '{"a":1}',
  stateHash: 'a'.repeat(64),
  stateSizeBytes: 7,
});

export const FIXTURE_TIME = new Date(T0);

/** Runs `fn`, returns what it threw (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
