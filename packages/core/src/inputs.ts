import { artifactTypeSchema, MAX_TEXT_LENGTH, type WorkflowContext, type WorkflowContextInit } from '@alma/types';
import { z } from 'zod';

// zod schemas of the facade's method inputs: bad input is a ValidationError naming the field, before any write.

const text = z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH);
const name = z.string().trim().min(1, 'must not be empty').max(256);
export const contextSchema = z.custom<WorkflowContext | WorkflowContextInit>(
  (v) => v === undefined || (typeof v === 'object' && v !== null),
  'must be a WorkflowContext or a plain object',
);

export const learnInputSchema = z
  .object({
    agent: name,
    task: text,
    outcome: z.union([z.enum(['success', 'failure']), z.boolean()]),
    strategyUsed: text,
    taskType: name.optional(),
    durationMs: z.number().int().min(0).optional(),
    errorMessage: z.string().max(MAX_TEXT_LENGTH).optional(),
    feedback: z.string().max(MAX_TEXT_LENGTH).optional(),
    context: contextSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type LearnInput = z.input<typeof learnInputSchema>;

export const preferenceInputSchema = z
  .object({
    userId: name,
    category: name,
    preference: text,
    /** 'explicit_instruction' (confidence 1.0) or anything else, e.g. 'inferred_from_correction' (0.7). */
    source: name.default('explicit_instruction'),
    context: contextSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type PreferenceInput = z.input<typeof preferenceInputSchema>;

export const knowledgeInputSchema = z
  .object({
    agent: name,
    domain: name,
    fact: text,
    /** 'user_stated' (confidence 1.0), 'code_analysis' / 'documentation' (0.8). */
    source: name.default('user_stated'),
    context: contextSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type KnowledgeInput = z.input<typeof knowledgeInputSchema>;

export const forgetInputSchema = z
  .object({
    agent: name.optional(),
    olderThanDays: z.number().positive().optional(),
    belowConfidence: z.number().min(0).max(1).optional(),
    context: contextSchema.optional(),
  })
  .strict();
export type ForgetInput = z.input<typeof forgetInputSchema>;

export const linkArtifactInputSchema = z
  .object({
    memoryId: name,
    /** Unknown type names are stored as 'other'. */
    artifactType: z.union([artifactTypeSchema, z.string().min(1)]),
    storageUrl: z.string().min(1).max(4096),
    filename: z.string().max(1024).optional(),
    mimeType: z.string().max(255).optional(),
    sizeBytes: z.number().int().min(0).optional(),
    checksum: z.string().max(255).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    context: contextSchema.optional(),
  })
  .strict();
export type LinkArtifactInput = z.input<typeof linkArtifactInputSchema>;
