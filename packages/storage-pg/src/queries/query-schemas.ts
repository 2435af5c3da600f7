// The query argument schemas live once, in @alma/types, for every adapter.
export {
  checkpointDeleteSchema,
  checkpointListSchema,
  entityQuerySchema,
  graphTraversalQuerySchema,
  latestCheckpointSchema,
  memoryDeleteSchema,
  memoryQuerySchema,
  relationshipQuerySchema,
  sessionHandoffQuerySchema,
  statsQuerySchema,
  workflowOutcomeQuerySchema,
  workItemQuerySchema,
} from '@alma/types';
export { parseInput as parseQuery } from '@alma/types';
