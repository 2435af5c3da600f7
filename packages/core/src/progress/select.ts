import type { WorkItem, WorkItemStatus } from '@alma/types';

/** How `getNextItem` picks among actionable items. */
export type NextItemStrategy = 'priority' | 'unblock-most' | 'quick-win' | 'fifo';
export const NEXT_ITEM_STRATEGIES: readonly NextItemStrategy[] = ['priority', 'unblock-most', 'quick-win', 'fifo'];

/** A dependency is satisfied when it is done, or when it no longer exists. */
export function openDependencies(item: WorkItem, byId: ReadonlyMap<string, WorkItem>): string[] {
  return item.blockedBy.filter((id) => {
    const dep = byId.get(id);
    return dep !== undefined && dep.status !== 'done';
  });
}

/** Pending, and every dependency done: what can be started now. */
export function isActionable(item: WorkItem, byId: ReadonlyMap<string, WorkItem>): boolean {
  return item.status === 'pending' && openDependencies(item, byId).length === 0;
}

const byCreated = (a: WorkItem, b: WorkItem): number => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
const byPriority = (a: WorkItem, b: WorkItem): number => b.priority - a.priority || byCreated(a, b);

/**
 * The next item among `candidates` (already actionable): 'priority' highest priority; 'unblock-most' the one most
 * unfinished items wait on; 'quick-win' fewest acceptance criteria; 'fifo' oldest. Ties: priority, then oldest.
 */
export function selectNextItem(
  candidates: readonly WorkItem[],
  all: readonly WorkItem[],
  strategy: NextItemStrategy,
): WorkItem | undefined {
  const waiting = (id: string): number => all.filter((o) => o.status !== 'done' && o.blockedBy.includes(id)).length;
  const order: Record<NextItemStrategy, (a: WorkItem, b: WorkItem) => number> = {
    priority: byPriority,
    'unblock-most': (a, b) => waiting(b.id) - waiting(a.id) || byPriority(a, b),
    'quick-win': (a, b) => a.acceptanceCriteria.length - b.acceptanceCriteria.length || byPriority(a, b),
    fifo: byCreated,
  };
  return [...candidates].sort(order[strategy])[0];
}

export interface ProgressSummary {
  readonly projectId: string;
  readonly agent?: string;
  readonly total: number;
  readonly byStatus: Readonly<Record<WorkItemStatus, number>>;
  readonly done: number;
  readonly inProgress: number;
  readonly blocked: number;
  readonly pending: number;
  readonly failed: number;
  /** done / total (0 when empty). */
  readonly completionRate: number;
  /** done / (done + failed) (0 when neither). */
  readonly successRate: number;
  readonly currentItem?: WorkItem;
  readonly nextSuggested?: WorkItem;
  /** Blocked items, and pending items waiting on unfinished dependencies. */
  readonly blockers: readonly WorkItem[];
  readonly totalTimeMs: number;
  readonly avgTimePerItemMs: number;
  readonly lastActivity?: Date;
}

export function summarize(projectId: string, agent: string | undefined, items: readonly WorkItem[]): ProgressSummary {
  const byId = new Map(items.map((i) => [i.id, i]));
  const byStatus = { pending: 0, in_progress: 0, blocked: 0, review: 0, done: 0, failed: 0 } as Record<WorkItemStatus, number>;
  for (const i of items) byStatus[i.status]++;
  const { done, failed } = byStatus;
  const totalTimeMs = items.reduce((s, i) => s + i.timeSpentMs, 0);
  const current = items.filter((i) => i.status === 'in_progress').sort(byPriority)[0];
  const next = selectNextItem(items.filter((i) => isActionable(i, byId)), items, 'priority');
  const last = items.reduce<Date | undefined>((m, i) => (!m || i.updatedAt > m ? i.updatedAt : m), undefined);
  return {
    projectId,
    ...(agent ? { agent } : {}),
    total: items.length,
    byStatus,
    done,
    inProgress: byStatus.in_progress,
    blocked: byStatus.blocked,
    pending: byStatus.pending,
    failed,
    completionRate: items.length ? done / items.length : 0,
    successRate: done + failed ? done / (done + failed) : 0,
    ...(current ? { currentItem: current } : {}),
    ...(next ? { nextSuggested: next } : {}),
    blockers: items.filter((i) => i.status === 'blocked' || (i.status === 'pending' && openDependencies(i, byId).length > 0)),
    totalTimeMs,
    avgTimePerItemMs: done ? totalTimeMs / done : 0,
    ...(last ? { lastActivity: last } : {}),
  };
}

/** A few lines for a session orientation. */
export function formatProgressSummary(s: ProgressSummary): string {
  const lines = [
    `${s.done}/${s.total} done (${Math.round(s.completionRate * 100)}%), ${s.inProgress} in progress, ` +
      `${s.pending} pending, ${s.blocked} blocked, ${s.failed} failed`,
  ];
  if (s.currentItem) lines.push(`Current: ${s.currentItem.title}`);
  if (s.nextSuggested) lines.push(`Next: ${s.nextSuggested.title} (priority ${s.nextSuggested.priority})`);
  for (const b of s.blockers.slice(0, 5)) lines.push(`Blocked: ${b.title}`);
  return lines.join('\n');
}
