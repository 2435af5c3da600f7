import { z } from 'zod';
import { dateSchema, idSchema, metadataSchema, nonEmptyTextSchema, unitIntervalSchema } from './primitives.js';

export const entitySchema = z.object({
  id: idSchema,
  projectId: idSchema,
  tenantId: idSchema.optional(),
  name: nonEmptyTextSchema,
  entityType: z.string().min(1).max(128),
  properties: metadataSchema.default({}),
  createdAt: dateSchema,
});
export type Entity = z.output<typeof entitySchema>;

/** A directed, typed edge valid from `validFrom` (inclusive) until `validTo` (exclusive); open ends = unbounded. */
export const relationshipSchema = z
  .object({
    id: idSchema,
    projectId: idSchema,
    tenantId: idSchema.optional(),
    sourceId: idSchema,
    targetId: idSchema,
    relationType: z.string().min(1).max(128),
    properties: metadataSchema.default({}),
    confidence: unitIntervalSchema.default(1),
    validFrom: dateSchema.optional(),
    validTo: dateSchema.optional(),
    createdAt: dateSchema,
  })
  .refine((r) => !r.validFrom || !r.validTo || r.validFrom.getTime() < r.validTo.getTime(), {
    message: 'validFrom must be before validTo',
    path: ['validTo'],
  });
export type Relationship = z.output<typeof relationshipSchema>;

/** Is the relationship valid at instant `asOf`? */
export function isValidAt(r: Pick<Relationship, 'validFrom' | 'validTo'>, asOf: Date): boolean {
  const t = asOf.getTime();
  if (r.validFrom && r.validFrom.getTime() > t) return false;
  if (r.validTo && r.validTo.getTime() <= t) return false;
  return true;
}
