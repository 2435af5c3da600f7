import { z } from 'zod';
import { dateSchema, idSchema, metadataSchema, textSchema, unitIntervalSchema } from './primitives.js';

export const sessionOutcomeSchema = z.enum(['success', 'failure', 'interrupted', 'unknown']);
const list = z.array(textSchema).max(1000).default([]);

/** What one agent session hands to the next: where it stopped, what it decided, what is next. */
export const sessionHandoffSchema = z.object({
  id: idSchema,
  projectId: idSchema,
  agent: idSchema,
  sessionId: idSchema,
  tenantId: idSchema.optional(),
  lastAction: textSchema.default(''),
  lastOutcome: sessionOutcomeSchema.default('unknown'),
  currentGoal: textSchema.default(''),
  keyDecisions: list,
  activeFiles: list,
  blockers: list,
  nextSteps: list,
  testStatus: z.record(z.string(), z.boolean()).default({}),
  confidenceLevel: unitIntervalSchema.default(0.5),
  riskFlags: list,
  sessionStart: dateSchema,
  sessionEnd: dateSchema.optional(),
  durationMs: z.number().int().min(0).optional(),
  metadata: metadataSchema.default({}),
  createdAt: dateSchema,
});
export type SessionHandoff = z.output<typeof sessionHandoffSchema>;
