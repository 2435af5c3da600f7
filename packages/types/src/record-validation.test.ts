import { describe, expect, it } from '@jest/globals';
import { ValidationError } from './errors.js';
import { MEMORY_TYPES } from './memory.js';
import {
  validateArtifactRef,
  validateCheckpointInput,
  validateEntity,
  validateMemory,
  validateRelationship,
  validateScopeFilter,
  validateSessionHandoff,
  validateWorkflowOutcome,
  validateWorkItem,
} from './record-validation.js';
import { checkpointRecordSchema, DEFAULT_MAX_STATE_SIZE_BYTES } from './checkpoint.js';
import {
  rawAntiPattern,
  rawArtifactRef,
  rawCheckpoint,
  rawDomainKnowledge,
  rawEntity,
  rawHeuristic,
  rawOutcome,
  rawPreference,
  rawRelationship,
  rawSessionHandoff,
  rawWorkflowOutcome,
  rawWorkItem,
  thrown,
} from './test-support/fixtures.js';

const RAW_MEMORY = {
  heuristic: rawHeuristic,
  outcome: rawOutcome,
  user_preference: rawPreference,
  domain_knowledge: rawDomainKnowledge,
  anti_pattern: rawAntiPattern,
} as const;

describe('validateMemory', () => {
  it.each(MEMORY_TYPES)('accepts a valid %s and names the type in errors', (type) => {
    expect(validateMemory(type, RAW_MEMORY[type]()).id).toBe(RAW_MEMORY[type]().id);
    const error = thrown(() => validateMemory(type, { ...RAW_MEMORY[type](), projectId: undefined, userId: undefined }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(new RegExp(`^Invalid ${type}: `));
  });

  it('names every bad field', () => {
    const error = thrown(() =>
      validateMemory('heuristic', { ...rawHeuristic(), confidence: 3, agent: '' }),
    ) as ValidationError;
    expect(error.issues.map((i) => i.path).sort()).toEqual(['agent', 'confidence']);
    expect(error.message).toContain('confidence: must be <= 1');
    expect(error.message).toContain('agent: must not be empty');
  });
});

describe('record validators', () => {
  const cases: Array<[string, (input: unknown) => unknown, () => Record<string, unknown>, string, unknown]> = [
    ['checkpoint', validateCheckpointInput, rawCheckpoint, 'stateHash', 'not-a-hash'],
    ['workflow outcome', validateWorkflowOutcome, rawWorkflowOutcome, 'result', 'won'],
    ['artifact link', validateArtifactRef, rawArtifactRef, 'artifactType', 'hologram'],
    ['session handoff', validateSessionHandoff, rawSessionHandoff, 'confidenceLevel', 2],
    ['work item', validateWorkItem, rawWorkItem, 'priority', 101],
    ['entity', validateEntity, rawEntity, 'entityType', ''],
    ['relationship', validateRelationship, rawRelationship, 'confidence', -1],
  ];

  it.each(cases)('%s: accepts valid input and names the bad field', (what, validate, raw, field, bad) => {
    expect(validate(raw())).toMatchObject({ id: raw()['id'] });
    const error = thrown(() => validate({ ...raw(), [field]: bad })) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(new RegExp(`^Invalid ${what}: ${field}: `));
    expect(error.issues.map((i) => i.path)).toEqual([field]);
  });

  it('fills defaults of a session handoff and a work item', () => {
    const handoff = validateSessionHandoff(rawSessionHandoff());
    expect(handoff).toMatchObject({ lastOutcome: 'unknown', confidenceLevel: 0.5, nextSteps: [], testStatus: {} });
    const item = validateWorkItem(rawWorkItem());
    expect(item).toMatchObject({ status: 'pending', priority: 50, itemType: 'task', testsPassing: false, blocks: [] });
  });

  it('a new checkpoint has no seq and an optional createdAt; a stored one needs seq >= 1', () => {
    const input = validateCheckpointInput(rawCheckpoint());
    expect(input.createdAt).toBeUndefined();
    expect(input).not.toHaveProperty('seq');
    const stored = { ...rawCheckpoint(), seq: 1, createdAt: new Date() };
    expect(checkpointRecordSchema.safeParse(stored).success).toBe(true);
    expect(checkpointRecordSchema.safeParse({ ...stored, seq: 0 }).success).toBe(false);
    expect(DEFAULT_MAX_STATE_SIZE_BYTES).toBe(1_048_576);
  });

  it('validateScopeFilter accepts filters and rejects allTenants with tenantId', () => {
    expect(validateScopeFilter({ tenantId: 't', runId: 'r' })).toEqual({ tenantId: 't', runId: 'r' });
    expect(() => validateScopeFilter({ allTenants: true, tenantId: 't' })).toThrow(
      /^Invalid scope filter: \(root\): allTenants and tenantId are mutually exclusive/,
    );
    expect(() => validateScopeFilter({ tenant: 't' })).toThrow(ValidationError);
  });

  it('validateRelationship enforces validFrom < validTo', () => {
    const error = thrown(() =>
      validateRelationship({ ...rawRelationship(), validFrom: '2026-02-01', validTo: '2026-01-01' }),
    ) as ValidationError;
    expect(error.issues).toEqual([{ path: 'validTo', message: 'validFrom must be before validTo' }]);
  });
});
