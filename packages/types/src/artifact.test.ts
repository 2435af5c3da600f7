import { describe, expect, it } from '@jest/globals';
import { ARTIFACT_TYPES, artifactRefSchema, toArtifactType } from './artifact.js';
import { rawArtifactRef } from './test-support/fixtures.js';

describe('artifacts', () => {
  it('lists ALMA artifact types', () => {
    expect(ARTIFACT_TYPES).toHaveLength(13);
    expect(ARTIFACT_TYPES).toContain('coverage_report');
  });

  it('toArtifactType normalises case and whitespace, and maps unknown names to other', () => {
    expect(toArtifactType('Screenshot')).toBe('screenshot');
    expect(toArtifactType('  TEST_RESULT ')).toBe('test_result');
    expect(toArtifactType('hologram')).toBe('other');
    expect(toArtifactType('')).toBe('other');
    for (const type of ARTIFACT_TYPES) expect(toArtifactType(type)).toBe(type);
  });

  it('validates an artifact reference', () => {
    const ref = artifactRefSchema.parse(rawArtifactRef());
    expect(ref.metadata).toEqual({});
    expect(artifactRefSchema.safeParse({ ...rawArtifactRef(), storageUrl: '' }).success).toBe(false);
    expect(artifactRefSchema.safeParse({ ...rawArtifactRef(), artifactType: 'hologram' }).success).toBe(false);
    expect(artifactRefSchema.safeParse({ ...rawArtifactRef(), sizeBytes: -1 }).success).toBe(false);
  });
});
