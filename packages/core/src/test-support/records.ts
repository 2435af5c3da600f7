import { newId, type AntiPattern, type DomainKnowledge, type Heuristic, type Outcome } from '@alma/types';

// Record factories for module tests. `daysAgo` is relative to `base` (the makeAlma clock's start).

export const BASE = new Date('2026-06-01T12:00:00.000Z');
export const daysAgo = (days: number, base: Date = BASE): Date => new Date(base.getTime() - days * 86_400_000);

export const heuristic = (over: Partial<Heuristic> = {}): Heuristic => ({
  id: newId('heur'),
  agent: 'helena',
  projectId: 'shop',
  condition: 'task type: form_testing',
  strategy: 'fill every field then submit',
  confidence: 0.8,
  occurrenceCount: 5,
  successCount: 4,
  lastValidated: BASE,
  createdAt: BASE,
  metadata: {},
  ...over,
});

export const outcome = (over: Partial<Outcome> = {}): Outcome => ({
  id: newId('out'),
  agent: 'helena',
  projectId: 'shop',
  taskType: 'form_testing',
  taskDescription: 'Test the login form',
  success: true,
  strategyUsed: 'fill every field then submit',
  timestamp: BASE,
  metadata: {},
  ...over,
});

export const knowledge = (over: Partial<DomainKnowledge> = {}): DomainKnowledge => ({
  id: newId('dk'),
  agent: 'helena',
  projectId: 'shop',
  domain: 'forms',
  fact: 'The login form has five fields',
  source: 'user_stated',
  confidence: 1,
  lastVerified: BASE,
  metadata: {},
  ...over,
});

export const antiPattern = (over: Partial<AntiPattern> = {}): AntiPattern => ({
  id: newId('anti'),
  agent: 'helena',
  projectId: 'shop',
  pattern: 'sleep before asserting',
  whyBad: 'flaky timing',
  betterAlternative: 'wait for the element',
  occurrenceCount: 2,
  lastSeen: BASE,
  createdAt: BASE,
  metadata: {},
  ...over,
});
