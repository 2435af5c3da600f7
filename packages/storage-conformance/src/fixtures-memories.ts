import {
  MEMORY_TIME_FIELD,
  newId,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type MemoryRecordMap,
  type MemoryType,
  type Outcome,
  type UserPreference,
} from '@alma/types';
import { at, FIXTURE_AGENT, FIXTURE_PROJECT, FIXTURE_USER, sampleMetadata } from './fixtures-base.js';

export function makeHeuristic(overrides: Partial<Heuristic> = {}): Heuristic {
  return {
    id: newId('heur'),
    agent: FIXTURE_AGENT,
    projectId: FIXTURE_PROJECT,
    condition: 'when the integration build is flaky',
    strategy: 'retry once, then bisect the last three commits',
    confidence: 0.8,
    occurrenceCount: 5,
    successCount: 4,
    lastValidated: at(0),
    createdAt: at(-600),
    metadata: sampleMetadata('heuristic'),
    ...overrides,
  };
}

export function makeOutcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    id: newId('out'),
    agent: FIXTURE_AGENT,
    projectId: FIXTURE_PROJECT,
    taskType: 'form_testing',
    taskDescription: 'test the signup form validation',
    success: true,
    strategyUsed: 'boundary values first',
    durationMs: 1234,
    errorMessage: 'none so far',
    userFeedback: 'looks right',
    timestamp: at(0),
    metadata: sampleMetadata('outcome'),
    ...overrides,
  };
}

export function makeUserPreference(overrides: Partial<UserPreference> = {}): UserPreference {
  return {
    id: newId('pref'),
    projectId: FIXTURE_PROJECT,
    userId: FIXTURE_USER,
    category: 'code_style',
    preference: 'prefers small pure functions',
    source: 'explicit_instruction',
    confidence: 0.9,
    timestamp: at(0),
    metadata: sampleMetadata('preference'),
    ...overrides,
  };
}

export function makeDomainKnowledge(overrides: Partial<DomainKnowledge> = {}): DomainKnowledge {
  return {
    id: newId('dk'),
    agent: FIXTURE_AGENT,
    projectId: FIXTURE_PROJECT,
    domain: 'authentication',
    fact: 'sessions expire after 24 hours',
    source: 'docs/auth.md',
    confidence: 0.7,
    lastVerified: at(0),
    metadata: sampleMetadata('domain_knowledge'),
    ...overrides,
  };
}

export function makeAntiPattern(overrides: Partial<AntiPattern> = {}): AntiPattern {
  return {
    id: newId('anti'),
    agent: FIXTURE_AGENT,
    projectId: FIXTURE_PROJECT,
    pattern: 'sleeping a fixed time to wait for the page',
    whyBad: 'flaky on slow machines',
    betterAlternative: 'wait for the element to be visible',
    occurrenceCount: 3,
    lastSeen: at(0),
    createdAt: at(-600),
    metadata: sampleMetadata('anti_pattern'),
    ...overrides,
  };
}

const BUILDERS: { [K in MemoryType]: (overrides?: Partial<MemoryRecordMap[K]>) => MemoryRecordMap[K] } = {
  heuristic: makeHeuristic,
  outcome: makeOutcome,
  user_preference: makeUserPreference,
  domain_knowledge: makeDomainKnowledge,
  anti_pattern: makeAntiPattern,
};

/** A valid record of `type` with a fresh id; `overrides` replace fields. */
export function makeMemory<T extends MemoryType>(
  type: T,
  overrides: Partial<MemoryRecordMap[T]> = {},
): MemoryRecordMap[T] {
  return (BUILDERS[type] as (o: Partial<MemoryRecordMap[T]>) => MemoryRecordMap[T])(overrides);
}

/** An override setting the type's time field (the one it is ordered and aged by). */
export function withTime<T extends MemoryType>(type: T, time: Date): Partial<MemoryRecordMap[T]> {
  return { [MEMORY_TIME_FIELD[type]]: time } as Partial<MemoryRecordMap[T]>;
}

/** The type's time field of a record. */
export function timeOf(type: MemoryType, record: MemoryRecordMap[MemoryType]): Date {
  return (record as unknown as Record<string, Date>)[MEMORY_TIME_FIELD[type]] as Date;
}
