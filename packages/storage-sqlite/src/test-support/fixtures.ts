import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  AntiPattern,
  DomainKnowledge,
  Heuristic,
  NewCheckpoint,
  Outcome,
  ScopeFields,
  UserPreference,
  WorkflowOutcome,
} from '@alma/types';
import { SqliteStorage } from '../index.js';

export const T0 = new Date('2025-01-01T00:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** A temp directory and fresh stores in it (file and :memory:), all closed/removed by `cleanup`. */
export function storeFactory(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const opened: SqliteStorage[] = [];
  let n = 0;
  return {
    dir,
    file: (): SqliteStorage => {
      const store = new SqliteStorage({ path: path.join(dir, `s-${++n}.db`) });
      opened.push(store);
      return store;
    },
    memory: (): SqliteStorage => {
      const store = new SqliteStorage({ path: ':memory:' });
      opened.push(store);
      return store;
    },
    async cleanup(): Promise<void> {
      for (const s of opened) await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const heuristic = (id: string, extra: Partial<Heuristic> = {}): Heuristic => ({
  id,
  agent: 'helena',
  projectId: 'proj',
  condition: 'form has many fields',
  strategy: 'fill top to bottom',
  confidence: 0.7,
  occurrenceCount: 3,
  successCount: 2,
  lastValidated: T0,
  createdAt: T0,
  metadata: {},
  ...extra,
});

export const outcome = (id: string, extra: Partial<Outcome> = {}): Outcome => ({
  id,
  agent: 'helena',
  projectId: 'proj',
  taskType: 'form_testing',
  taskDescription: 'test the login form',
  success: true,
  strategyUsed: 'happy path first',
  timestamp: T0,
  metadata: {},
  ...extra,
});

export const preference = (id: string, extra: Partial<UserPreference> = {}): UserPreference => ({
  id,
  projectId: 'proj',
  userId: 'user-1',
  category: 'style',
  preference: 'no emojis',
  source: 'explicit',
  confidence: 1,
  timestamp: T0,
  metadata: {},
  ...extra,
});

export const knowledge = (id: string, extra: Partial<DomainKnowledge> = {}): DomainKnowledge => ({
  id,
  agent: 'victor',
  projectId: 'proj',
  domain: 'api',
  fact: 'rate limit is 100/min',
  source: 'docs',
  confidence: 0.9,
  lastVerified: T0,
  metadata: {},
  ...extra,
});

export const antiPattern = (id: string, extra: Partial<AntiPattern> = {}): AntiPattern => ({
  id,
  agent: 'victor',
  projectId: 'proj',
  pattern: 'sleep in tests',
  whyBad: 'flaky',
  betterAlternative: 'wait for the condition',
  occurrenceCount: 2,
  lastSeen: T0,
  createdAt: T0,
  metadata: {},
  ...extra,
});

export function checkpoint(id: string, runId: string, extra: Partial<NewCheckpoint> = {}): NewCheckpoint {
  const state = (extra.state as string | undefined) ?? JSON.stringify({ id });
  return {
    id,
    runId,
    nodeId: 'node',
    state,
    stateHash: createHash('sha256').update(state).digest('hex'),
    stateSizeBytes: Buffer.byteLength(state),
    ...extra,
  };
}

export const workflowOutcome = (id: string, extra: Partial<WorkflowOutcome> = {}): WorkflowOutcome => ({
  id,
  workflowId: 'wf',
  runId: 'run',
  agent: 'helena',
  projectId: 'proj',
  result: 'success',
  summary: 'it worked',
  strategiesUsed: ['a'],
  successfulPatterns: [],
  failedPatterns: [],
  extractedHeuristics: [],
  extractedAntiPatterns: [],
  metadata: {},
  createdAt: T0,
  ...extra,
});

/** Every combination of scope fields used by the scope-equivalence tests. */
export function scopeCombinations(): ScopeFields[] {
  const out: ScopeFields[] = [];
  for (const tenantId of [undefined, 't1', 't2'])
    for (const workflowId of [undefined, 'w1', 'w2'])
      for (const runId of [undefined, 'r1'])
        for (const nodeId of [undefined, 'n1']) {
          const f: Record<string, string> = {};
          if (tenantId) f['tenantId'] = tenantId;
          if (workflowId) f['workflowId'] = workflowId;
          if (runId) f['runId'] = runId;
          if (nodeId) f['nodeId'] = nodeId;
          out.push(f);
        }
  return out;
}

export const vec = (...values: number[]): Float32Array => Float32Array.from(values);
