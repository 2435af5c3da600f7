import type { z } from 'zod';
import {
  checkpointDeleteSchema,
  checkpointListSchema,
  entityQuerySchema,
  idSchema,
  latestCheckpointSchema,
  memoryDeleteSchema,
  memoryQuerySchema,
  parseInput,
  relationshipQuerySchema,
  sessionHandoffQuerySchema,
  statsQuerySchema,
  validateScopeFilter,
  workflowOutcomeQuerySchema,
  workItemQuerySchema,
  type ScopeFilter,
} from '@alma/types';

/*
 * Boundary validation of read/delete arguments (records go through the validators of @alma/types). Unknown keys
 * are dropped, not rejected, so callers may pass wider objects. Every value that reaches a query has passed here.
 */

// The argument shapes live once, in @alma/types, for every adapter; this table names them for parseArgs.
const schemas = {
  memoryQuery: memoryQuerySchema,
  memoryDelete: memoryDeleteSchema,
  stats: statsQuerySchema,
  checkpointList: checkpointListSchema,
  checkpointLatest: latestCheckpointSchema,
  checkpointDelete: checkpointDeleteSchema,
  workflowOutcomeQuery: workflowOutcomeQuerySchema,
  sessionQuery: sessionHandoffQuerySchema,
  workItemQuery: workItemQuerySchema,
  entityQuery: entityQuerySchema,
  relationshipQuery: relationshipQuerySchema,
};

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
