import { z } from 'zod';
import { dateSchema, embeddingSchema, idSchema, metadataSchema, nonEmptyTextSchema, textSchema } from './primitives.js';

export const WorkflowResult = {
  Success: 'success',
  Failure: 'failure',
  Partial: 'partial',
  Cancelled: 'cancelled',
  Timeout: 'timeout',
} as const;
export type WorkflowResult = (typeof WorkflowResult)[keyof typeof WorkflowResult];
export const workflowResultSchema = z.enum(['success', 'failure', 'partial', 'cancelled', 'timeout']);

const stringList = z.array(textSchema).max(1000).default([]);

/** The summary of one finished workflow run, learned from and retrieved by similarity. */
export const workflowOutcomeSchema = z.object({
  id: idSchema,
  tenantId: idSchema.optional(),
  workflowId: idSchema,
  runId: idSchema,
  agent: idSchema,
  projectId: idSchema,
  result: workflowResultSchema,
  summary: nonEmptyTextSchema,
  strategiesUsed: stringList,
  successfulPatterns: stringList,
  failedPatterns: stringList,
  extractedHeuristics: z.array(idSchema).default([]),
  extractedAntiPatterns: z.array(idSchema).default([]),
  durationSeconds: z.number().min(0).optional(),
  nodeCount: z.number().int().min(0).optional(),
  errorMessage: textSchema.optional(),
  embedding: embeddingSchema.optional(),
  metadata: metadataSchema.default({}),
  createdAt: dateSchema,
});
export type WorkflowOutcome = z.output<typeof workflowOutcomeSchema>;

export function isWorkflowSuccess(o: Pick<WorkflowOutcome, 'result'>): boolean {
  return o.result === 'success';
}

/** FAILURE and TIMEOUT count as failures; PARTIAL and CANCELLED are neither. */
export function isWorkflowFailure(o: Pick<WorkflowOutcome, 'result'>): boolean {
  return o.result === 'failure' || o.result === 'timeout';
}

/** The text embedded for similarity search, as ALMA builds it. */
export function workflowOutcomeSearchText(
  o: Pick<WorkflowOutcome, 'summary' | 'strategiesUsed' | 'successfulPatterns' | 'failedPatterns' | 'errorMessage'>,
): string {
  const parts = [o.summary];
  if (o.strategiesUsed.length) parts.push(`Strategies: ${o.strategiesUsed.join(', ')}`);
  if (o.successfulPatterns.length) parts.push(`Successful: ${o.successfulPatterns.join(', ')}`);
  if (o.failedPatterns.length) parts.push(`Failed: ${o.failedPatterns.join(', ')}`);
  if (o.errorMessage) parts.push(`Error: ${o.errorMessage}`);
  return parts.join(' | ');
}
