import { idSchema, MAX_TEXT_LENGTH, WORK_ITEM_STATUSES } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';
import { NEXT_ITEM_STRATEGIES } from './select.js';

const title = z.string().trim().min(1, 'must not be empty').max(1000);
const text = z.string().max(MAX_TEXT_LENGTH);
const list = z.array(z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH)).max(1000);
const agent = z.string().trim().min(1, 'must not be empty').max(256);

const fields = {
  title,
  description: text.optional(),
  itemType: z.string().trim().min(1).max(64).optional(),
  agent: agent.optional(),
  /** 0..100, higher first. @default 50 */
  priority: z.number().int().min(0).max(100).optional(),
  parentId: idSchema.optional(),
  tests: list.optional(),
  acceptanceCriteria: list.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

export const createItemSchema = z
  .object({ ...fields, /** Items this one waits on (they must exist). */ blockedBy: z.array(idSchema).max(1000).optional(), context: contextSchema.optional() })
  .strict();
export type CreateWorkItemInput = z.input<typeof createItemSchema>;

export const updateItemSchema = z
  .object({ ...fields, title: title.optional(), testsPassing: z.boolean().optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'must change at least one field');
export type UpdateWorkItemInput = z.input<typeof updateItemSchema>;

export const itemIdSchema = idSchema;
export const ctxOptionsSchema = z.object({ context: contextSchema.optional() }).strict();
export const notesSchema = z.string().max(10_000).optional();

export const listItemsSchema = z
  .object({
    agent: agent.optional(),
    status: z.enum(WORK_ITEM_STATUSES).optional(),
    itemType: z.string().min(1).max(64).optional(),
    parentId: idSchema.optional(),
    context: contextSchema.optional(),
  })
  .strict();
export type ListWorkItemsInput = z.input<typeof listItemsSchema>;

export const nextItemSchema = z
  .object({ agent: agent.optional(), strategy: z.enum(NEXT_ITEM_STRATEGIES as [string, ...string[]]).default('priority') })
  .strict();
