import { dateSchema, idSchema } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';

const type = z.string().trim().min(1, 'must not be empty').max(128);
const properties = z.record(z.string(), z.unknown());

export const addEntitySchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(1000),
    entityType: type,
    properties: properties.optional(),
    context: contextSchema.optional(),
  })
  .strict();
export type AddEntityInput = z.input<typeof addEntitySchema>;

export const addRelationshipSchema = z
  .object({
    sourceId: idSchema,
    targetId: idSchema,
    relationType: type,
    properties: properties.optional(),
    /** @default 1 */
    confidence: z.number().min(0).max(1).optional(),
    /** Valid from this instant (inclusive); undefined = always was. */
    validFrom: dateSchema.optional(),
    /** Valid until this instant (exclusive); undefined = still valid. */
    validTo: dateSchema.optional(),
    context: contextSchema.optional(),
  })
  .strict()
  .refine((r) => !r.validFrom || !r.validTo || r.validFrom.getTime() < r.validTo.getTime(), {
    message: 'validFrom must be before validTo',
    path: ['validTo'],
  });
export type AddRelationshipInput = z.input<typeof addRelationshipSchema>;

export const DIRECTIONS = ['out', 'in', 'both'] as const;

export const neighboursSchema = z
  .object({
    /** 1..10. @default 1 */
    hops: z.number().int().min(1).max(10).default(1),
    /** Only edges valid at this instant. @default now */
    asOf: dateSchema.optional(),
    /** Ignore validity intervals (walk expired and future edges too). @default false */
    includeInvalid: z.boolean().default(false),
    relationTypes: z.array(type).max(100).optional(),
    /** @default 'both' */
    direction: z.enum(DIRECTIONS).default('both'),
    /** Stop after this many entities. @default 1000 */
    maxEntities: z.number().int().min(1).max(100_000).default(1000),
    context: contextSchema.optional(),
  })
  .strict();
export type NeighboursOptions = z.input<typeof neighboursSchema>;

export const relationshipsQuerySchema = z
  .object({
    entityId: idSchema.optional(),
    direction: z.enum(DIRECTIONS).default('both'),
    relationType: type.optional(),
    /** Only edges valid at this instant; undefined = every edge, expired ones included. */
    asOf: dateSchema.optional(),
    limit: z.number().int().min(1).max(100_000).default(1000),
    context: contextSchema.optional(),
  })
  .strict();
export type RelationshipsQueryInput = z.input<typeof relationshipsQuerySchema>;

export const findEntitiesSchema = z
  .object({
    name: z.string().trim().min(1).max(1000).optional(),
    entityType: type.optional(),
    limit: z.number().int().min(1).max(100_000).default(100),
    context: contextSchema.optional(),
  })
  .strict();
export type FindEntitiesInput = z.input<typeof findEntitiesSchema>;

export const invalidateSchema = z
  .object({ at: dateSchema.optional(), context: contextSchema.optional() })
  .strict();
export type InvalidateOptions = z.input<typeof invalidateSchema>;
