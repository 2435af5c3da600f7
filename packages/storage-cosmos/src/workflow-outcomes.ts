import {
  validateWorkflowOutcome,
  type ScopeFilter,
  type Scored,
  type WorkflowOutcome,
  type WorkflowOutcomeQuery,
} from '@alma/types';
import { CODECS, fromDoc } from './documents.js';
import { listOrdered } from './listing.js';
import { parseArgs, parseScoped } from './query-schemas.js';
import { scopeWhere, Sql } from './sql.js';
import { createRecord, findInTenant, type StoreContext } from './store-context.js';
import { vectorSearch, type FilterBuilder } from './vector.js';

const codec = CODECS.workflowOutcome;

export function saveWorkflowOutcome(ctx: StoreContext, outcome: WorkflowOutcome): Promise<string> {
  return createRecord(ctx.c.workflowOutcomes, codec, validateWorkflowOutcome(outcome));
}

export async function getWorkflowOutcome(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined> {
  const found = await findInTenant(ctx.c.workflowOutcomes, id, parseScoped(id, scope, 'workflow outcome'));
  return found ? fromDoc<WorkflowOutcome>(codec, found.doc) : undefined;
}

/** Same ordering rules as memories (time field: createdAt); the whole scope filter applies (matchesScope). */
export async function queryWorkflowOutcomes(ctx: StoreContext, query: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]> {
  const q = parseArgs('workflowOutcomeQuery', query);
  const topK = q.topK ?? 10;
  if (topK === 0) return [];
  const filter: FilterBuilder = (sql) => {
    const pk = scopeWhere(sql, q.scope, true);
    if (q.projectId !== undefined) sql.eq('projectId', q.projectId);
    if (q.agents !== undefined) sql.in('agent', q.agents);
    if (q.workflowId !== undefined) sql.eq('workflowId', q.workflowId);
    if (q.result !== undefined) sql.eq('result', q.result);
    return pk;
  };
  const coll = ctx.c.workflowOutcomes;
  if (q.embedding) {
    const hits = await vectorSearch(coll, ctx.vectorMode, filter, q.embedding, topK);
    return hits.map((h) => ({ record: fromDoc<WorkflowOutcome>(codec, h.doc), similarity: h.similarity }));
  }
  const sql = new Sql();
  const pk = filter(sql);
  const rows = await listOrdered<WorkflowOutcome>(coll, codec, sql, pk, { field: 'createdAt', direction: 'DESC', top: topK });
  return rows.map((record) => ({ record }));
}

export async function deleteWorkflowOutcome(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<boolean> {
  const coll = ctx.c.workflowOutcomes;
  const found = await findInTenant(coll, id, parseScoped(id, scope, 'workflow outcome'));
  return found ? coll.delete(found.doc.id, String(found.doc['pk'])) : false;
}
