import { NotFoundError, ValidationError, workItemStatusSchema, type WorkItem } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { id, metadata, record, text } from '../schemas.js';
import { defineTool, CHANGES, READ_ONLY, WRITES, type ToolDeps } from './define.js';

const title = z.string().trim().min(1).max(1000).describe('Short title.');
const list = (what: string) => z.array(text('One entry.')).max(100).optional().describe(what);
const fields = {
  description: z.string().max(20_000).optional(),
  itemType: z.string().trim().min(1).max(64).optional().describe('feature, bug, task, research_question ... (default task).'),
  agent: id('The agent that owns the item.').optional(),
  priority: z.number().int().min(0).max(100).optional().describe('0..100, higher first (default 50).'),
  tests: list('Tests that prove the item done.'),
  acceptanceCriteria: list('Acceptance criteria.'),
  metadata: metadata.optional(),
};
const brief = (i: WorkItem | undefined) => (i ? { id: i.id, title: i.title, status: i.status, priority: i.priority } : undefined);
const briefSchema = z.object({ id: z.string(), title: z.string(), status: z.string(), priority: z.number() });

/** alma_create_work_item, alma_update_work_item, alma_list_work_items, alma_get_next_work_item, alma_progress_summary. */
export function registerProgressTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding, options } = deps;

  defineTool(server, deps, {
    name: 'alma_create_work_item',
    title: 'Create a work item',
    description: 'Adds a work item (feature, bug, task ...) with priority and dependencies (blockedBy items must exist).',
    input: {
      title,
      ...fields,
      parentId: id('Parent item.').optional(),
      blockedBy: z.array(id('An item this one waits on.')).max(100).optional(),
    },
    output: { item: record },
    annotations: WRITES,
  }, async (input) => ({ item: await alma.progress.createItem({ ...input, context: bindContext(binding) }) }));

  defineTool(server, deps, {
    name: 'alma_update_work_item',
    title: 'Update a work item',
    description:
      "Changes a work item's status (in_progress starts it, done completes it; notes are kept) and/or its fields.",
    input: {
      id: id('The work item.'),
      status: workItemStatusSchema.optional(),
      notes: z.string().max(10_000).optional().describe('Why the status changed.'),
      title: title.optional(),
      testsPassing: z.boolean().optional(),
      ...fields,
    },
    output: { item: record },
    annotations: CHANGES,
  }, async ({ id: itemId, status, notes, ...patch }) => {
    const context = bindContext(binding);
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (status === undefined && Object.keys(changes).length === 0) {
      throw new ValidationError('alma_update_work_item needs a status or a field to change.', [{ path: '(root)', message: 'nothing to update' }]);
    }
    let item = await alma.progress.getItem(itemId, { context });
    if (!item) throw new NotFoundError('Work item', itemId);
    if (Object.keys(changes).length > 0) item = await alma.progress.updateItem(itemId, changes, { context });
    if (status !== undefined) item = await alma.progress.setStatus(itemId, status, { context, ...(notes !== undefined ? { notes } : {}) });
    return { item };
  });

  defineTool(server, deps, {
    name: 'alma_list_work_items',
    title: 'List work items',
    description: 'Work items, oldest first, filtered by agent, status, type or parent (one bounded page).',
    input: {
      agent: id('Only this agent.').optional(),
      status: workItemStatusSchema.optional(),
      itemType: z.string().min(1).max(64).optional(),
      parentId: id('Only children of this item.').optional(),
      limit: z.number().int().min(1).max(options.maxPageSize).optional().describe(`Page size (max ${options.maxPageSize}).`),
      offset: z.number().int().min(0).optional(),
    },
    output: { items: z.array(record), total: z.number().int(), nextOffset: z.number().int().optional() },
    annotations: READ_ONLY,
  }, async ({ limit, offset = 0, ...query }) => {
    const all = await alma.progress.listItems({ ...query, context: bindContext(binding) });
    const size = limit ?? Math.min(50, options.maxPageSize);
    const page = all.slice(offset, offset + size);
    return { items: page, total: all.length, ...(offset + size < all.length ? { nextOffset: offset + size } : {}) };
  });

  defineTool(server, deps, {
    name: 'alma_get_next_work_item',
    title: 'Pick the next work item',
    description:
      "The actionable item (pending, dependencies done) to pick up next for an agent (its own and unassigned " +
      "items): strategy 'priority' (default), 'unblock-most', 'quick-win' or 'fifo'.",
    input: {
      agent: id('The agent.').optional(),
      strategy: z.enum(['priority', 'unblock-most', 'quick-win', 'fifo']).default('priority'),
    },
    output: { found: z.boolean(), item: record.optional() },
    annotations: READ_ONLY,
  }, async ({ agent, strategy }) => {
    const item = await alma.progress.getNextItem(agent, strategy, { context: bindContext(binding) });
    return { found: item !== undefined, item };
  });

  defineTool(server, deps, {
    name: 'alma_progress_summary',
    title: 'Progress summary',
    description: 'Counts by status, completion and success rates, the current and next item, and blockers.',
    input: { agent: id('Only this agent (and unassigned items).').optional() },
    output: {
      total: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      completionRate: z.number(),
      successRate: z.number(),
      totalTimeMs: z.number(),
      currentItem: briefSchema.optional(),
      nextSuggested: briefSchema.optional(),
      blockers: z.array(briefSchema),
    },
    annotations: READ_ONLY,
  }, async ({ agent }) => {
    const s = await alma.progress.getProgressSummary(agent, { context: bindContext(binding) });
    return {
      total: s.total,
      byStatus: s.byStatus,
      completionRate: s.completionRate,
      successRate: s.successRate,
      totalTimeMs: s.totalTimeMs,
      currentItem: brief(s.currentItem),
      nextSuggested: brief(s.nextSuggested),
      blockers: s.blockers.slice(0, 20).map(brief),
    };
  });
}
