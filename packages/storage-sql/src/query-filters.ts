import { eq, inArray, type Column, type SQL } from 'drizzle-orm';
import type { WorkflowOutcomeQuery } from '@alma/types';

/** The workflow outcome columns a query filters on. */
export interface WorkflowOutcomeColumns<C = Column> {
  readonly projectId: C;
  readonly agent: C;
  readonly workflowId: C;
  readonly result: C;
}

/** A workflow outcome query's own filters (scope aside): project, agents (none given: no row), workflow, result. */
export function workflowOutcomeFilters(columns: WorkflowOutcomeColumns, q: Omit<WorkflowOutcomeQuery, 'scope'>): SQL[] {
  const where: SQL[] = [];
  if (q.projectId !== undefined) where.push(eq(columns.projectId, q.projectId));
  if (q.agents !== undefined) where.push(inArray(columns.agent, [...q.agents]));
  if (q.workflowId !== undefined) where.push(eq(columns.workflowId, q.workflowId));
  if (q.result !== undefined) where.push(eq(columns.result, q.result));
  return where;
}
