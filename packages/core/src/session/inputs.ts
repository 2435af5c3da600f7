import { idSchema, MAX_TEXT_LENGTH, sessionOutcomeSchema } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';

export const agentSchema = z.string().trim().min(1, 'must not be empty').max(256);
const text = z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH);
const list = z.array(text).max(1000);

/** Which active session a call addresses: the agent's newest unfinished one, or `sessionId`'s. */
export const targetSchema = z.object({ sessionId: idSchema.optional(), context: contextSchema.optional() }).strict();
export type SessionTarget = z.input<typeof targetSchema>;

export const startSessionSchema = z
  .object({
    goal: text.optional(),
    /** @default a new UUID */
    sessionId: idSchema.optional(),
    activeFiles: list.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    context: contextSchema.optional(),
  })
  .strict();
export type StartSessionInput = z.input<typeof startSessionSchema>;

export const updateSessionSchema = targetSchema
  .extend({
    action: text.optional(),
    outcome: sessionOutcomeSchema.optional(),
    activeFile: text.optional(),
    confidence: z.number().min(0).max(1).optional(),
    risk: text.optional(),
    goal: text.optional(),
  })
  .strict();
export type UpdateSessionInput = z.input<typeof updateSessionSchema>;

export const finalizeSchema = targetSchema
  .extend({
    lastAction: text,
    lastOutcome: sessionOutcomeSchema,
    /** Capped at 10. */
    nextSteps: list.optional(),
    confidence: z.number().min(0).max(1).optional(),
    /** Goal for a handoff created without startSession. */
    goal: text.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type FinalizeSessionInput = z.input<typeof finalizeSchema>;

export const textSchema = text;
export const historySchema = z.object({ limit: z.number().int().min(1).max(50).default(5), context: contextSchema.optional() }).strict();
