import { describe, expect, it } from '@jest/globals';
import { entitySchema, isValidAt, relationshipSchema } from './graph.js';
import { rawEntity, rawRelationship } from './test-support/fixtures.js';

const d = (iso: string) => new Date(iso);

describe('graph records', () => {
  it('parses an entity and a relationship with defaults', () => {
    expect(entitySchema.parse(rawEntity()).properties).toEqual({});
    const rel = relationshipSchema.parse(rawRelationship());
    expect(rel.confidence).toBe(1);
    expect(rel.properties).toEqual({});
    expect(entitySchema.safeParse({ ...rawEntity(), name: '' }).success).toBe(false);
  });

  it('requires validFrom before validTo, reporting the issue on validTo', () => {
    expect(
      relationshipSchema.safeParse({ ...rawRelationship(), validFrom: '2026-01-01', validTo: '2026-02-01' }).success,
    ).toBe(true);
    for (const validTo of ['2026-01-01', '2025-12-31']) {
      const result = relationshipSchema.safeParse({ ...rawRelationship(), validFrom: '2026-01-01', validTo });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('validFrom must be before validTo');
      expect(result.error?.issues[0]?.path).toEqual(['validTo']);
    }
    expect(relationshipSchema.safeParse({ ...rawRelationship(), validTo: '2020-01-01' }).success).toBe(true);
  });

  it('rejects confidence outside 0..1', () => {
    expect(relationshipSchema.safeParse({ ...rawRelationship(), confidence: 2 }).success).toBe(false);
  });
});

describe('isValidAt', () => {
  const window = { validFrom: d('2026-01-01T00:00:00Z'), validTo: d('2026-02-01T00:00:00Z') };

  it('includes validFrom and excludes validTo', () => {
    expect(isValidAt(window, d('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isValidAt(window, d('2026-01-15T00:00:00Z'))).toBe(true);
    expect(isValidAt(window, d('2026-02-01T00:00:00Z'))).toBe(false);
    expect(isValidAt(window, d('2025-12-31T23:59:59Z'))).toBe(false);
  });

  it('treats open ends as unbounded', () => {
    expect(isValidAt({}, d('1900-01-01'))).toBe(true);
    expect(isValidAt({ validFrom: d('2026-01-01') }, d('2999-01-01'))).toBe(true);
    expect(isValidAt({ validFrom: d('2026-01-01') }, d('2025-01-01'))).toBe(false);
    expect(isValidAt({ validTo: d('2026-01-01') }, d('1900-01-01'))).toBe(true);
    expect(isValidAt({ validTo: d('2026-01-01') }, d('2026-01-01'))).toBe(false);
  });
});
