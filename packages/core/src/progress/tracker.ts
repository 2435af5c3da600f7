import {
  newId,
  NotFoundError,
  parseInput,
  ValidationError,
  type WorkflowContext,
  type WorkItem,
  type WorkItemStatus,
} from '@alma/types';
import { scopeOfContext, tenantFieldOf, type ModuleContextInput, type ModuleHost } from '../module-host.js';
import {
  createItemSchema,
  ctxOptionsSchema,
  itemIdSchema,
  listItemsSchema,
  nextItemSchema,
  notesSchema,
  updateItemSchema,
  type CreateWorkItemInput,
  type ListWorkItemsInput,
  type UpdateWorkItemInput,
} from './inputs.js';
import { isActionable, selectNextItem, summarize, type NextItemStrategy, type ProgressSummary } from './select.js';

export interface CtxOption {
  context?: ModuleContextInput;
}
type Patch = Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>;

/**
 * Work items with status, priority and dependencies (ALMA's ProgressTracker), persisted through the storage
 * contract and isolated by tenant. A pending item is actionable once everything in its `blockedBy` is done.
 */
export class ProgressTracker {
  constructor(private readonly host: ModuleHost) {}

  async createItem(input: CreateWorkItemInput): Promise<WorkItem> {
    const i = parseInput(createItemSchema, input, 'work item input');
    const ctx = this.host.context(i.context, 'createItem');
    const deps = [...new Set(i.blockedBy ?? [])];
    const byId = deps.length ? await this.itemsById(ctx) : new Map<string, WorkItem>();
    for (const dep of deps) if (!byId.has(dep)) throw new NotFoundError('Work item (blockedBy)', dep);
    if (i.parentId !== undefined && !(await this.host.storage.getWorkItem(i.parentId, scopeOfContext(ctx)))) {
      throw new NotFoundError('Work item (parentId)', i.parentId);
    }
    const now = this.host.now();
    const item: WorkItem = {
      id: newId('work'),
      projectId: this.host.projectId,
      ...tenantFieldOf(ctx),
      ...(i.agent !== undefined ? { agent: i.agent } : {}),
      title: i.title,
      description: i.description ?? '',
      itemType: i.itemType ?? 'task',
      status: 'pending',
      priority: i.priority ?? 50,
      timeSpentMs: 0,
      attemptCount: 0,
      ...(i.parentId !== undefined ? { parentId: i.parentId } : {}),
      blocks: [],
      blockedBy: deps,
      tests: i.tests ?? [],
      testsPassing: false,
      acceptanceCriteria: i.acceptanceCriteria ?? [],
      metadata: i.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    await this.host.storage.saveWorkItem(item);
    for (const dep of deps) {
      const d = byId.get(dep) as WorkItem;
      await this.write(d, { blocks: [...new Set([...d.blocks, item.id])] }, ctx);
    }
    return item;
  }

  /** Creates several items (`agent` is the default owner). */
  async createFromList(items: readonly Omit<CreateWorkItemInput, 'context'>[], options: CtxOption & { agent?: string } = {}): Promise<WorkItem[]> {
    const created: WorkItem[] = [];
    for (const item of items) {
      created.push(await this.createItem({ ...(options.agent ? { agent: options.agent } : {}), ...item, context: options.context }));
    }
    return created;
  }

  /** One item per line starting with "- ". */
  async expandToItems(text: string, options: CtxOption & { agent?: string; itemType?: string } = {}): Promise<WorkItem[]> {
    const titles = String(text).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim()).filter(Boolean);
    const { context, agent, itemType } = options;
    return this.createFromList(titles.map((title) => ({ title, description: title, ...(itemType ? { itemType } : {}) })), { context, ...(agent ? { agent } : {}) });
  }

  async getItem(id: string, options: CtxOption = {}): Promise<WorkItem | undefined> {
    const ctx = this.ctx(options, 'getItem');
    return this.host.storage.getWorkItem(parseInput(itemIdSchema, id, 'work item id'), scopeOfContext(ctx));
  }

  async listItems(query: ListWorkItemsInput = {}): Promise<WorkItem[]> {
    const q = parseInput(listItemsSchema, query, 'work item query');
    const ctx = this.host.context(q.context, 'listItems');
    const items = await this.host.storage.listWorkItems({
      scope: scopeOfContext(ctx), projectId: this.host.projectId,
      ...(q.agent ? { agent: q.agent } : {}), ...(q.status ? { status: q.status } : {}),
    });
    return items.filter((i) => (!q.itemType || i.itemType === q.itemType) && (!q.parentId || i.parentId === q.parentId));
  }

  async updateItem(id: string, patch: UpdateWorkItemInput, options: CtxOption = {}): Promise<WorkItem> {
    const p = parseInput(updateItemSchema, patch, 'work item update');
    return this.change(id, options, 'updateItem', () => p);
  }

  /** Deletes the item and removes it from other items' dependencies. */
  async deleteItem(id: string, options: CtxOption = {}): Promise<boolean> {
    const ctx = this.ctx(options, 'deleteItem');
    const itemId = parseInput(itemIdSchema, id, 'work item id');
    if (!(await this.host.storage.deleteWorkItem(itemId, scopeOfContext(ctx)))) return false;
    for (const other of (await this.itemsById(ctx)).values()) {
      if (other.blocks.includes(itemId) || other.blockedBy.includes(itemId)) {
        await this.write(other, { blocks: other.blocks.filter((x) => x !== itemId), blockedBy: other.blockedBy.filter((x) => x !== itemId) }, ctx);
      }
    }
    return true;
  }

  /** in_progress; startedAt = now; attemptCount + 1. */
  async startItem(id: string, options: CtxOption = {}): Promise<WorkItem> {
    return this.setStatus(id, 'in_progress', options);
  }

  async completeItem(id: string, options: CtxOption & { testsPassing?: boolean } = {}): Promise<WorkItem> {
    return this.setStatus(id, 'done', options, { testsPassing: options.testsPassing ?? true });
  }

  async failItem(id: string, options: CtxOption & { reason?: string } = {}): Promise<WorkItem> {
    return this.setStatus(id, 'failed', { ...options, notes: options.reason });
  }

  /** blocked; with `blockedBy`, also records that dependency. */
  async blockItem(id: string, options: CtxOption & { blockedBy?: string; reason?: string } = {}): Promise<WorkItem> {
    if (options.blockedBy !== undefined) await this.addDependency(id, options.blockedBy, options);
    return this.setStatus(id, 'blocked', { ...options, notes: options.reason });
  }

  /** Back to pending and its dependencies dropped (as ALMA does). */
  async unblockItem(id: string, options: CtxOption = {}): Promise<WorkItem> {
    const ctx = this.ctx(options, 'unblockItem');
    const item = await this.require(id, ctx);
    for (const dep of item.blockedBy) await this.removeDependency(item.id, dep, { context: ctx });
    return this.change(item.id, { context: ctx }, 'unblockItem', (i) => ({ blockedBy: [], ...(i.status === 'blocked' ? { status: 'pending' as const } : {}) }));
  }

  /** Any status change; `notes` are kept in metadata.statusNotes. Leaving in_progress adds the time spent. */
  async setStatus(id: string, status: WorkItemStatus, options: CtxOption & { notes?: string } = {}, extra: Patch = {}): Promise<WorkItem> {
    const notes = parseInput(notesSchema, options.notes, 'status notes');
    return this.change(id, options, 'setStatus', (i, now) => {
      const running = i.status === 'in_progress' && i.startedAt ? now.getTime() - i.startedAt.getTime() : 0;
      const patch: Patch = { ...extra, status, timeSpentMs: i.timeSpentMs + Math.max(0, running) };
      if (status === 'in_progress') Object.assign(patch, { startedAt: now, attemptCount: i.attemptCount + 1, timeSpentMs: i.timeSpentMs });
      if (status === 'done') patch.completedAt = now;
      if (notes) {
        const prior = Array.isArray(i.metadata['statusNotes']) ? (i.metadata['statusNotes'] as unknown[]) : [];
        patch.metadata = { ...i.metadata, statusNotes: [...prior, { from: i.status, to: status, notes, at: now.toISOString() }] };
      }
      return patch;
    });
  }

  /** `id` waits on `dependsOn`; refuses a dependency cycle. */
  async addDependency(id: string, dependsOn: string, options: CtxOption = {}): Promise<WorkItem> {
    const ctx = this.ctx(options, 'addDependency');
    const byId = await this.itemsById(ctx);
    const item = byId.get(parseInput(itemIdSchema, id, 'work item id'));
    const dep = byId.get(parseInput(itemIdSchema, dependsOn, 'dependency id'));
    if (!item) throw new NotFoundError('Work item', id);
    if (!dep) throw new NotFoundError('Work item (dependency)', dependsOn);
    if (reaches(dep.id, item.id, byId)) {
      throw new ValidationError(`Work item '${item.id}' cannot wait on '${dep.id}': that would make a dependency cycle.`, [
        { path: 'blockedBy', message: 'dependency cycle' },
      ]);
    }
    await this.write(dep, { blocks: [...new Set([...dep.blocks, item.id])] }, ctx);
    return this.write(item, { blockedBy: [...new Set([...item.blockedBy, dep.id])] }, ctx);
  }

  async removeDependency(id: string, dependsOn: string, options: CtxOption = {}): Promise<WorkItem> {
    const ctx = this.ctx(options, 'removeDependency');
    const dep = await this.host.storage.getWorkItem(parseInput(itemIdSchema, dependsOn, 'dependency id'), scopeOfContext(ctx));
    if (dep) await this.write(dep, { blocks: dep.blocks.filter((x) => x !== id) }, ctx);
    return this.change(id, { context: ctx }, 'removeDependency', (i) => ({ blockedBy: i.blockedBy.filter((x) => x !== dependsOn) }));
  }

  /** Actionable items of the agent (and unassigned ones). */
  async getActionableItems(agent?: string, options: CtxOption = {}): Promise<WorkItem[]> {
    const { items, byId } = await this.scoped(agent, this.ctx(options, 'getActionableItems'));
    return items.filter((i) => isActionable(i, byId));
  }

  /** The item to pick up next for `agent` (its own and unassigned items), by strategy. */
  async getNextItem(agent?: string, strategy: NextItemStrategy = 'priority', options: CtxOption = {}): Promise<WorkItem | undefined> {
    const q = parseInput(nextItemSchema, { agent, strategy }, 'next item query');
    const { items, byId } = await this.scoped(q.agent, this.ctx(options, 'getNextItem'));
    return selectNextItem(items.filter((i) => isActionable(i, byId)), items, q.strategy as NextItemStrategy);
  }

  async getProgressSummary(agent?: string, options: CtxOption = {}): Promise<ProgressSummary> {
    const a = parseInput(nextItemSchema, { agent }, 'progress query').agent;
    const { items } = await this.scoped(a, this.ctx(options, 'getProgressSummary'));
    return summarize(this.host.projectId, a, items);
  }

  // --- internals ---------------------------------------------------------------------------------

  private ctx(options: CtxOption, operation: string): WorkflowContext {
    return this.host.context(parseInput(ctxOptionsSchema, options.context === undefined ? {} : { context: options.context }, 'options').context, operation);
  }

  private async itemsById(ctx: WorkflowContext): Promise<Map<string, WorkItem>> {
    const items = await this.host.storage.listWorkItems({ scope: scopeOfContext(ctx), projectId: this.host.projectId });
    return new Map(items.map((i) => [i.id, i]));
  }

  private async scoped(agent: string | undefined, ctx: WorkflowContext): Promise<{ items: WorkItem[]; byId: Map<string, WorkItem> }> {
    const byId = await this.itemsById(ctx);
    const items = [...byId.values()].filter((i) => !agent || i.agent === undefined || i.agent === agent);
    return { items, byId };
  }

  private async require(id: string, ctx: WorkflowContext): Promise<WorkItem> {
    const item = await this.host.storage.getWorkItem(parseInput(itemIdSchema, id, 'work item id'), scopeOfContext(ctx));
    if (!item) throw new NotFoundError('Work item', id);
    return item;
  }

  private async change(id: string, options: CtxOption, operation: string, fn: (item: WorkItem, now: Date) => Patch): Promise<WorkItem> {
    const ctx = this.ctx(options, operation);
    const item = await this.require(id, ctx);
    return this.write(item, fn(item, this.host.now()), ctx);
  }

  private async write(item: WorkItem, patch: Patch, ctx: WorkflowContext): Promise<WorkItem> {
    const next = { ...patch, updatedAt: this.host.now() };
    if (!(await this.host.storage.updateWorkItem(item.id, next, scopeOfContext(ctx)))) throw new NotFoundError('Work item', item.id);
    return { ...item, ...next };
  }
}

/** Does `from` (transitively, through blockedBy) wait on `target`? Also true when from === target. */
function reaches(from: string, target: string, byId: ReadonlyMap<string, WorkItem>): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.blockedBy ?? []));
  }
  return false;
}
