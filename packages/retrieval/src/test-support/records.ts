import type {
  AntiPattern,
  DomainKnowledge,
  Heuristic,
  Outcome,
  UserPreference,
  WorkflowOutcome,
} from '@alma/types';

/** The fixed "now" of engine tests. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');

export const daysAgo = (days: number, from: Date = NOW): Date => new Date(from.getTime() - days * 86_400_000);

const vec = (v: readonly number[] | Float32Array | undefined): { embedding?: Float32Array } =>
  v === undefined ? {} : { embedding: Float32Array.from(v) };

type Init<T> = Partial<Omit<T, 'embedding'>> & { id: string; embedding?: readonly number[] | Float32Array };

export function heuristic(init: Init<Heuristic>): Heuristic {
  const { embedding, ...rest } = init;
  return {
    agent: 'alice',
    projectId: 'p1',
    condition: 'task type: general',
    strategy: 'do the thing',
    confidence: 0.8,
    occurrenceCount: 10,
    successCount: 8,
    lastValidated: NOW,
    createdAt: NOW,
    metadata: {},
    ...rest,
    ...vec(embedding),
  };
}

export function outcome(init: Init<Outcome>): Outcome {
  const { embedding, ...rest } = init;
  return {
    agent: 'alice',
    projectId: 'p1',
    taskType: 'general',
    taskDescription: 'did a task',
    success: true,
    strategyUsed: 'some strategy',
    timestamp: NOW,
    metadata: {},
    ...rest,
    ...vec(embedding),
  };
}

export function knowledge(init: Init<DomainKnowledge>): DomainKnowledge {
  const { embedding, ...rest } = init;
  return {
    agent: 'alice',
    projectId: 'p1',
    domain: 'general',
    fact: 'a fact',
    source: 'user_stated',
    confidence: 1,
    lastVerified: NOW,
    metadata: {},
    ...rest,
    ...vec(embedding),
  };
}

export function antiPattern(init: Init<AntiPattern>): AntiPattern {
  const { embedding, ...rest } = init;
  return {
    agent: 'alice',
    projectId: 'p1',
    pattern: 'a bad pattern',
    whyBad: 'it breaks',
    betterAlternative: 'do better',
    occurrenceCount: 3,
    lastSeen: NOW,
    createdAt: NOW,
    metadata: {},
    ...rest,
    ...vec(embedding),
  };
}

export function preference(init: Partial<UserPreference> & { id: string }): UserPreference {
  return {
    projectId: 'p1',
    userId: 'u1',
    category: 'code_style',
    preference: 'use tabs',
    source: 'explicit_instruction',
    confidence: 1,
    timestamp: NOW,
    metadata: {},
    ...init,
  };
}

export function workflowOutcome(init: Init<WorkflowOutcome>): WorkflowOutcome {
  const { embedding, ...rest } = init;
  return {
    workflowId: 'wf1',
    runId: 'run1',
    agent: 'alice',
    projectId: 'p1',
    result: 'success',
    summary: 'a run',
    strategiesUsed: [],
    successfulPatterns: [],
    failedPatterns: [],
    extractedHeuristics: [],
    extractedAntiPatterns: [],
    createdAt: NOW,
    metadata: {},
    ...rest,
    ...vec(embedding),
  };
}
