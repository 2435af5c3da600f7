import { describe, expect, it } from '@jest/globals';
import {
  antiPatternSchema,
  domainKnowledgeSchema,
  embeddingTextOf,
  heuristicSchema,
  heuristicSuccessRate,
  MEMORY_ID_PREFIX,
  MEMORY_SCHEMAS,
  MEMORY_TYPES,
  memoryTypeSchema,
  outcomeSchema,
  userPreferenceSchema,
  VECTOR_MEMORY_TYPES,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type Outcome,
  type UserPreference,
} from './memory.js';
import { MEMORY_TIME_FIELD, MEMORY_TYPES_WITH_CONFIDENCE } from './storage.js';
import {
  FIXTURE_TIME,
  rawAntiPattern,
  rawDomainKnowledge,
  rawHeuristic,
  rawOutcome,
  rawPreference,
} from './test-support/fixtures.js';

const RAW = {
  heuristic: rawHeuristic,
  outcome: rawOutcome,
  user_preference: rawPreference,
  domain_knowledge: rawDomainKnowledge,
  anti_pattern: rawAntiPattern,
} as const;

const pathsOf = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('memory types', () => {
  it('has ALMA enum values, id prefixes, and the vector types', () => {
    expect(MEMORY_TYPES).toEqual(['heuristic', 'outcome', 'user_preference', 'domain_knowledge', 'anti_pattern']);
    expect(memoryTypeSchema.safeParse('outcome').success).toBe(true);
    expect(memoryTypeSchema.safeParse('Outcome').success).toBe(false);
    expect(MEMORY_ID_PREFIX).toEqual({
      heuristic: 'heur',
      outcome: 'out',
      user_preference: 'pref',
      domain_knowledge: 'dk',
      anti_pattern: 'anti',
    });
    expect(VECTOR_MEMORY_TYPES).not.toContain('user_preference');
    expect(VECTOR_MEMORY_TYPES).toHaveLength(4);
  });

  it('names the time field and the confidence-carrying types', () => {
    expect(MEMORY_TIME_FIELD).toEqual({
      heuristic: 'lastValidated',
      outcome: 'timestamp',
      user_preference: 'timestamp',
      domain_knowledge: 'lastVerified',
      anti_pattern: 'lastSeen',
    });
    expect([...MEMORY_TYPES_WITH_CONFIDENCE].sort()).toEqual(['domain_knowledge', 'heuristic', 'user_preference']);
  });
});

describe.each(MEMORY_TYPES)('%s schema', (type) => {
  const schema = MEMORY_SCHEMAS[type];
  const raw = RAW[type];

  it('accepts a valid record, defaulting metadata and coercing dates', () => {
    const parsed = schema.parse(raw()) as Record<string, unknown>;
    expect(parsed['metadata']).toEqual({});
    expect(parsed['id']).toBe(raw().id);
    const timeField = MEMORY_TIME_FIELD[type];
    expect(parsed[timeField]).toEqual(FIXTURE_TIME);
  });

  it('accepts the scope fields', () => {
    const parsed = schema.parse({ ...raw(), tenantId: 'acme', workflowId: 'wf', runId: 'r', nodeId: 'n' });
    expect(parsed).toMatchObject({ tenantId: 'acme', workflowId: 'wf', runId: 'r', nodeId: 'n' });
  });

  it('rejects a record missing its id and time field, naming both', () => {
    const input: Record<string, unknown> = raw();
    delete input['id'];
    delete input[MEMORY_TIME_FIELD[type]];
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(pathsOf(result)).toEqual(expect.arrayContaining(['id', MEMORY_TIME_FIELD[type]]));
  });

  it('rejects a bad id and bad scope ids', () => {
    expect(pathsOf(schema.safeParse({ ...raw(), id: '' }))).toEqual(['id']);
    expect(pathsOf(schema.safeParse({ ...raw(), tenantId: 'a\u0000' }))).toEqual(['tenantId']);
  });
});

describe('specific record rules', () => {
  it.each([
    ['heuristic', heuristicSchema, rawHeuristic],
    ['user_preference', userPreferenceSchema, rawPreference],
    ['domain_knowledge', domainKnowledgeSchema, rawDomainKnowledge],
  ] as const)('%s confidence must be within 0..1', (_type, schema, raw) => {
    expect(schema.safeParse({ ...raw(), confidence: 0 }).success).toBe(true);
    expect(schema.safeParse({ ...raw(), confidence: 1 }).success).toBe(true);
    expect(pathsOf(schema.safeParse({ ...raw(), confidence: 1.5 }))).toEqual(['confidence']);
    expect(pathsOf(schema.safeParse({ ...raw(), confidence: -0.1 }))).toEqual(['confidence']);
  });

  it('heuristic needs a condition, a strategy and integer counts', () => {
    const { condition: _c, ...noCondition } = rawHeuristic();
    expect(pathsOf(heuristicSchema.safeParse(noCondition))).toEqual(['condition']);
    expect(pathsOf(heuristicSchema.safeParse({ ...rawHeuristic(), strategy: '' }))).toEqual(['strategy']);
    expect(pathsOf(heuristicSchema.safeParse({ ...rawHeuristic(), occurrenceCount: -1 }))).toEqual(['occurrenceCount']);
    expect(pathsOf(heuristicSchema.safeParse({ ...rawHeuristic(), successCount: 1.5 }))).toEqual(['successCount']);
  });

  it('heuristic accepts a number[] embedding as Float32Array', () => {
    const parsed = heuristicSchema.parse({ ...rawHeuristic(), embedding: [1, 0] });
    expect(parsed.embedding).toBeInstanceOf(Float32Array);
    expect(pathsOf(heuristicSchema.safeParse({ ...rawHeuristic(), embedding: [] }))).toEqual(['embedding']);
  });

  it('outcome needs a boolean success and a non-negative integer duration', () => {
    expect(outcomeSchema.parse({ ...rawOutcome(), durationMs: 12, errorMessage: 'x' }).durationMs).toBe(12);
    expect(pathsOf(outcomeSchema.safeParse({ ...rawOutcome(), success: 'yes' }))).toEqual(['success']);
    expect(pathsOf(outcomeSchema.safeParse({ ...rawOutcome(), durationMs: -1 }))).toEqual(['durationMs']);
    expect(pathsOf(outcomeSchema.safeParse({ ...rawOutcome(), taskType: '' }))).toEqual(['taskType']);
    expect(outcomeSchema.safeParse({ ...rawOutcome(), strategyUsed: '' }).success).toBe(true);
  });

  it('user preference needs a userId, not an agent', () => {
    const { userId: _u, ...noUser } = rawPreference();
    expect(pathsOf(userPreferenceSchema.safeParse(noUser))).toEqual(['userId']);
  });

  it('anti-pattern needs a pattern but allows empty explanations', () => {
    expect(pathsOf(antiPatternSchema.safeParse({ ...rawAntiPattern(), pattern: '' }))).toEqual(['pattern']);
    expect(antiPatternSchema.safeParse({ ...rawAntiPattern(), whyBad: '', betterAlternative: '' }).success).toBe(true);
  });
});

describe('heuristicSuccessRate', () => {
  it('is successCount / occurrenceCount', () => {
    expect(heuristicSuccessRate({ occurrenceCount: 4, successCount: 3 })).toBe(0.75);
    expect(heuristicSuccessRate({ occurrenceCount: 5, successCount: 5 })).toBe(1);
  });

  it('is 0 when the heuristic never occurred', () => {
    expect(heuristicSuccessRate({ occurrenceCount: 0, successCount: 0 })).toBe(0);
  });
});

describe('embeddingTextOf', () => {
  it('joins the fields ALMA embeds for each type', () => {
    expect(embeddingTextOf('heuristic', heuristicSchema.parse(rawHeuristic()) as Heuristic)).toBe(
      'form has a date field type the date, do not use the picker',
    );
    expect(embeddingTextOf('outcome', outcomeSchema.parse(rawOutcome()) as Outcome)).toBe(
      'test the login form fill fields then submit',
    );
    expect(embeddingTextOf('domain_knowledge', domainKnowledgeSchema.parse(rawDomainKnowledge()) as DomainKnowledge)).toBe(
      'Login needs a CSRF token',
    );
    expect(embeddingTextOf('anti_pattern', antiPatternSchema.parse(rawAntiPattern()) as AntiPattern)).toBe(
      'sleep 5 seconds before clicking flaky and slow',
    );
    expect(embeddingTextOf('user_preference', userPreferenceSchema.parse(rawPreference()) as UserPreference)).toBe(
      'no emojis in reports',
    );
  });
});
