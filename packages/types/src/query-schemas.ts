import { z } from 'zod';
import { dateSchema, embeddingSchema, idSchema } from './primitives.js';
import { workItemStatusSchema } from './progress.js';
import { scopeFilterSchema } from './scope-fields.js';
import { MAX_GRAPH_HOPS, MAX_QUERY_TOP_K } from './storage.js';
import { workflowResultSchema } from './workflow-outcome.js';

/*
 * The argument shapes of the StorageBackend's reads and deletes, shared by every adapter for boundary validation
 * (records go through the validate* functions). Unknown keys are dropped, not rejected, so callers may pass wider
 * objects.
 */

const topK = z.number().int().min(0).max(MAX_QUERY_TOP_K).optional();
const limit = z.number().int().min(0).max(1_000_000).optional();

export const memoryQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema.optional(),
  agents: z.array(idSchema).optional(),
  embedding: embeddingSchema.optional(),
  topK,
  minConfidence: z.number().finite().optional(),
  taskType: z.string().optional(),
  successOnly: z.boolean().optional(),
  domain: z.string().optional(),
  userId: idSchema.optional(),
  category: z.string().optional(),
});

export const memoryDeleteSchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  agent: idSchema.optional(),
  olderThan: dateSchema.optional(),
  belowConfidence: z.number().finite().optional(),
});

export const statsQuerySchema = z.object({ scope: scopeFilterSchema, projectId: idSchema, agent: idSchema.optional() });

export const checkpointListSchema = z.object({
  /** null = the main line only. */
  branchId: idSchema.nullable().optional(),
  afterSeq: z.number().int().optional(),
  limit,
});

export const latestCheckpointSchema = z.object({ branchId: idSchema.nullable().optional() });

export const checkpointDeleteSchema = z.object({
  keepLast: z.number().int().min(0).optional(),
  olderThan: dateSchema.optional(),
});

export const workflowOutcomeQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema.optional(),
  agents: z.array(idSchema).optional(),
  workflowId: idSchema.optional(),
  result: workflowResultSchema.optional(),
  embedding: embeddingSchema.optional(),
  topK,
});

export const sessionHandoffQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  agent: idSchema.optional(),
  limit,
});

export const workItemQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  agent: idSchema.optional(),
  status: workItemStatusSchema.optional(),
});

export const entityQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  name: z.string().optional(),
  entityType: z.string().optional(),
  limit,
});

export const relationshipQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  entityIds: z.array(idSchema).optional(),
  direction: z.enum(['out', 'in', 'both']).optional(),
  relationType: z.string().optional(),
  asOf: dateSchema.optional(),
  limit,
});

export const graphTraversalQuerySchema = z.object({
  scope: scopeFilterSchema,
  projectId: idSchema,
  rootId: idSchema,
  hops: z.number().int().min(1).max(MAX_GRAPH_HOPS),
  direction: z.enum(['out', 'in', 'both']),
  // Same bounds as a stored relationType; at most 100 so the list binds as a short IN list.
  relationTypes: z.array(z.string().min(1).max(128)).max(100).optional(),
  asOf: dateSchema.optional(),
  maxEntities: z.number().int().min(1).max(MAX_QUERY_TOP_K),
});
