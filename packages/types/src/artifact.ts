import { z } from 'zod';
import { countSchema, dateSchema, idSchema, metadataSchema, textSchema } from './primitives.js';

export const ARTIFACT_TYPES = [
  'file', 'document', 'image', 'video', 'screenshot', 'log', 'trace', 'diff',
  'test_result', 'coverage_report', 'report', 'metrics', 'other',
] as const;
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];
export const artifactTypeSchema = z.enum(ARTIFACT_TYPES);

/** Unknown type names map to 'other', as in ALMA. */
export function toArtifactType(value: string): ArtifactType {
  const lower = value.trim().toLowerCase();
  return (ARTIFACT_TYPES as readonly string[]).includes(lower) ? (lower as ArtifactType) : 'other';
}

/** A reference to an artifact stored elsewhere (S3, R2, a file path), linked to a memory. */
export const artifactRefSchema = z.object({
  id: idSchema,
  memoryId: idSchema,
  tenantId: idSchema.optional(),
  artifactType: artifactTypeSchema,
  storageUrl: z.string().min(1, 'must not be empty').max(4096),
  filename: textSchema.optional(),
  mimeType: z.string().max(255).optional(),
  sizeBytes: countSchema.optional(),
  checksum: z.string().max(255).optional(),
  metadata: metadataSchema.default({}),
  createdAt: dateSchema,
});
export type ArtifactRef = z.output<typeof artifactRefSchema>;
