import type { ArtifactRef } from './artifact.js';
import { artifactRefSchema } from './artifact.js';
import { newCheckpointSchema, type NewCheckpoint } from './checkpoint.js';
import { entitySchema, relationshipSchema, type Entity, type Relationship } from './graph.js';
import { MEMORY_SCHEMAS, type MemoryRecordMap, type MemoryType } from './memory.js';
import { workItemSchema, type WorkItem } from './progress.js';
import { scopeFilterSchema, type ScopeFilter } from './scope-fields.js';
import { sessionHandoffSchema, type SessionHandoff } from './session.js';
import { parseInput } from './validate.js';
import { workflowOutcomeSchema, type WorkflowOutcome } from './workflow-outcome.js';
import type { z } from 'zod';

/** Boundary validators every store calls before writing; each throws ValidationError naming the bad field. */
export function validateMemory<T extends MemoryType>(type: T, record: unknown): MemoryRecordMap[T] {
  return parseInput(MEMORY_SCHEMAS[type] as z.ZodType, record, type) as MemoryRecordMap[T];
}
export const validateCheckpointInput = (input: unknown): z.output<typeof newCheckpointSchema> =>
  parseInput(newCheckpointSchema, input, 'checkpoint');
export const validateWorkflowOutcome = (input: unknown): WorkflowOutcome =>
  parseInput(workflowOutcomeSchema, input, 'workflow outcome');
export const validateArtifactRef = (input: unknown): ArtifactRef => parseInput(artifactRefSchema, input, 'artifact link');
export const validateSessionHandoff = (input: unknown): SessionHandoff =>
  parseInput(sessionHandoffSchema, input, 'session handoff');
export const validateWorkItem = (input: unknown): WorkItem => parseInput(workItemSchema, input, 'work item');
export const validateEntity = (input: unknown): Entity => parseInput(entitySchema, input, 'entity');
export const validateRelationship = (input: unknown): Relationship =>
  parseInput(relationshipSchema, input, 'relationship');
export const validateScopeFilter = (input: unknown): ScopeFilter => parseInput(scopeFilterSchema, input, 'scope filter');

export type { NewCheckpoint };
