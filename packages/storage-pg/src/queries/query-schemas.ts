import { z } from 'zod';
import {
  dateSchema,
  embeddingSchema,
  idSchema,
  parseInput,
  scopeFilterSchema,
  workflowResultSchema,
  workItemStatusSchema,
} from '@alma/types';

/*
 * Boundary validation of read/delete arguments (records are validated with @alma/types' validators). Unknown keys
 * are dropped, not rejected, so callers may pass wider objects. The same shapes as @alma/storage-sqlite's: a
 * candidate for @alma/types (see README "Shared with the SQLite adapter").
 */
const topK = z.number().int().min(0).max(100_000).optional();
const limit = z.number().int().min(0).max(1_000_000).optional();
const scoped = { scope: scopeFilterSchema };

export const memoryQuerySchema = z.object({
  ...scoped,
  projectId: idSchema.optional(),
  agents: z.array(idSchema).optional(),
  embedding: embeddingSchema.optional(),
  topK,
  minConfidence: z.number().optional(),
  taskType: z.string().optional(),
  successOnly: z.boolean().optional(),
  domain: z.string().optional(),
  userId: idSchema.optional(),
  category: z.string().optional(),
});

export const memoryDeleteSchema = z.object({
  ...scoped,
  projectId: idSchema,
  agent: idSchema.optional(),
  olderThan: dateSchema.optional(),
  belowConfidence: z.number().optional(),
});

export const statsQuerySchema = z.object({ ...scoped, projectId: idSchema, agent: idSchema.optional() });

/** `branchId`: undefined = every branch, null = the main line only. */
export const checkpointListSchema = z.object({ branchId: idSchema.nullable().optional(), afterSeq: z.number().int().optional(), limit });

export const latestCheckpointSchema = z.object({ branchId: idSchema.nullable().optional() });

export const checkpointDeleteSchema = z.object({ keepLast: z.number().int().min(0).optional(), olderThan: dateSchema.optional() });

export const workflowOutcomeQuerySchema = z.object({
  ...scoped,
  projectId: idSchema.optional(),
  agents: z.array(idSchema).optional(),
  workflowId: idSchema.optional(),
  result: workflowResultSchema.optional(),
  embedding: embeddingSchema.optional(),
  topK,
});

export const sessionHandoffQuerySchema = z.object({ ...scoped, projectId: idSchema, agent: idSchema.optional(), limit });

export const workItemQuerySchema = z.object({
  ...scoped,
  projectId: idSchema,
  agent: idSchema.optional(),
  status: workItemStatusSchema.optional(),
});

export const entityQuerySchema = z.object({
  ...scoped,
  projectId: idSchema,
  name: z.string().optional(),
  entityType: z.string().optional(),
  limit,
});

export const relationshipQuerySchema = z.object({
  ...scoped,
  projectId: idSchema,
  entityIds: z.array(idSchema).optional(),
  direction: z.enum(['out', 'in', 'both']).optional(),
  relationType: z.string().optional(),
  asOf: dateSchema.optional(),
  limit,
});

export const parseQuery = parseInput;
