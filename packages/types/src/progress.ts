import { z } from 'zod';
import { dateSchema, idSchema, metadataSchema, nonEmptyTextSchema, textSchema } from './primitives.js';

export const WORK_ITEM_STATUSES = ['pending', 'in_progress', 'blocked', 'review', 'done', 'failed'] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];
export const workItemStatusSchema = z.enum(WORK_ITEM_STATUSES);

/** A tracked unit of work with priority and dependencies. */
export const workItemSchema = z.object({
  id: idSchema,
  projectId: idSchema,
  agent: idSchema.optional(),
  tenantId: idSchema.optional(),
  title: nonEmptyTextSchema,
  description: textSchema.default(''),
  itemType: z.string().min(1).max(64).default('task'),
  status: workItemStatusSchema.default('pending'),
  priority: z.number().int().min(0).max(100).default(50),
  startedAt: dateSchema.optional(),
  completedAt: dateSchema.optional(),
  timeSpentMs: z.number().int().min(0).default(0),
  attemptCount: z.number().int().min(0).default(0),
  parentId: idSchema.optional(),
  blocks: z.array(idSchema).default([]),
  blockedBy: z.array(idSchema).default([]),
  tests: z.array(textSchema).default([]),
  testsPassing: z.boolean().default(false),
  acceptanceCriteria: z.array(textSchema).default([]),
  metadata: metadataSchema.default({}),
  createdAt: dateSchema,
  updatedAt: dateSchema,
});
export type WorkItem = z.output<typeof workItemSchema>;
