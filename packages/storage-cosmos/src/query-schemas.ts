import { z } from 'zod';
import {
  dateSchema,
  embeddingSchema,
  idSchema,
  parseInput,
  scopeFilterSchema,
  validateScopeFilter,
  workflowResultSchema,
  workItemStatusSchema,
  type ScopeFilter,
} from '@alma/types';

/*
 * Boundary validation of read/delete arguments (records go through the validators of @alma/types). Unknown keys
 * are dropped, not rejected, so callers may pass wider objects. Every value that reaches a query has passed here.
 */

const topK = z.number().int().min(0).max(100_000).optional();
const limit = z.number().int().min(0).max(1_000_000).optional();

const schemas = {
  memoryQuery: z.object({
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
  }),
  memoryDelete: z.object({
    scope: scopeFilterSchema,
    projectId: idSchema,
    agent: idSchema.optional(),
    olderThan: dateSchema.optional(),
    belowConfidence: z.number().finite().optional(),
  }),
  stats: z.object({ scope: scopeFilterSchema, projectId: idSchema, agent: idSchema.optional() }),
  checkpointList: z.object({ branchId: idSchema.nullable().optional(), afterSeq: z.number().int().optional(), limit }),
  checkpointLatest: z.object({ branchId: idSchema.nullable().optional() }),
  checkpointDelete: z.object({ keepLast: z.number().int().min(0).optional(), olderThan: dateSchema.optional() }),
  workflowOutcomeQuery: z.object({
    scope: scopeFilterSchema,
    projectId: idSchema.optional(),
    agents: z.array(idSchema).optional(),
    workflowId: idSchema.optional(),
    result: workflowResultSchema.optional(),
    embedding: embeddingSchema.optional(),
    topK,
  }),
  sessionQuery: z.object({ scope: scopeFilterSchema, projectId: idSchema, agent: idSchema.optional(), limit }),
  workItemQuery: z.object({
    scope: scopeFilterSchema,
    projectId: idSchema,
    agent: idSchema.optional(),
    status: workItemStatusSchema.optional(),
  }),
  entityQuery: z.object({
    scope: scopeFilterSchema,
    projectId: idSchema,
    name: z.string().optional(),
    entityType: z.string().optional(),
    limit,
  }),
  relationshipQuery: z.object({
    scope: scopeFilterSchema,
    projectId: idSchema,
    entityIds: z.array(idSchema).optional(),
    direction: z.enum(['out', 'in', 'both']).optional(),
    relationType: z.string().optional(),
    asOf: dateSchema.optional(),
    limit,
  }),
} as const;

type Schemas = typeof schemas;

/** Validates a read/delete argument; throws ValidationError naming each bad field. */
export function parseArgs<K extends keyof Schemas>(kind: K, input: unknown): z.output<Schemas[K]> {
  return parseInput(schemas[kind], input ?? {}, `${kind} arguments`) as z.output<Schemas[K]>;
}

/** Validates a ScopeFilter and an id given next to it. */
export function parseScoped(id: string, scope: ScopeFilter, what: string): ScopeFilter {
  parseInput(idSchema, id, `${what} id`);
  return validateScopeFilter(scope);
}

/** Validates a ScopeFilter. */
export const parseScope = (scope: ScopeFilter): ScopeFilter => validateScopeFilter(scope);
