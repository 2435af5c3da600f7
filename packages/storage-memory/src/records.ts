import {
  isValidAt,
  tenantScope,
  type Entity,
  type EntityQuery,
  type Relationship,
  type RelationshipQuery,
  type ScopeFilter,
  type Scored,
  type SessionHandoff,
  type SessionHandoffQuery,
  type WorkflowOutcome,
  type WorkflowOutcomeQuery,
  type WorkItem,
  type WorkItemQuery,
} from '@alma/types';
import { newestFirst, oldestFirst, rank } from './ranking.js';
import type { StoreState } from './state.js';
import { clone } from './table.js';

// Workflow outcomes match the whole scope filter; the other kinds here are tenant-isolated only (see storage.ts).

export function queryWorkflowOutcomes(state: StoreState, q: WorkflowOutcomeQuery): Scored<WorkflowOutcome>[] {
  const rows = [...state.workflowOutcomes.inScope(q.scope)].filter(
    (o) =>
      (q.projectId === undefined || o.projectId === q.projectId) &&
      (q.agents === undefined || q.agents.includes(o.agent)) &&
      (q.workflowId === undefined || o.workflowId === q.workflowId) &&
      (q.result === undefined || o.result === q.result),
  );
  return rank(rows, { embedding: q.embedding, topK: q.topK ?? 10, timeOf: (o) => o.createdAt });
}


export function listSessionHandoffs(state: StoreState, q: SessionHandoffQuery): SessionHandoff[] {
  const rows = [...state.sessionHandoffs.inScope(tenantScope(q.scope))].filter(
    (h) => h.projectId === q.projectId && (q.agent === undefined || h.agent === q.agent),
  );
  return newestFirst(rows).slice(0, q.limit ?? 50).map(clone);
}

export function deleteSessionHandoffs(state: StoreState, q: Omit<SessionHandoffQuery, 'limit'>): number {
  const scope = tenantScope(q.scope);
  const ids = new Set(
    [...state.sessionHandoffs.inScope(scope)]
      .filter((h) => h.projectId === q.projectId && (q.agent === undefined || h.agent === q.agent))
      .map((h) => h.id),
  );
  return state.sessionHandoffs.deleteWhere((h) => ids.has(h.id));
}

export function listWorkItems(state: StoreState, q: WorkItemQuery): WorkItem[] {
  const rows = [...state.workItems.inScope(tenantScope(q.scope))].filter(
    (w) =>
      w.projectId === q.projectId &&
      (q.agent === undefined || w.agent === q.agent) &&
      (q.status === undefined || w.status === q.status),
  );
  return oldestFirst(rows).map(clone);
}

export function queryEntities(state: StoreState, q: EntityQuery): Entity[] {
  const name = q.name?.toLowerCase();
  const rows = [...state.entities.inScope(tenantScope(q.scope))].filter(
    (e) =>
      e.projectId === q.projectId &&
      (name === undefined || e.name.toLowerCase() === name) &&
      (q.entityType === undefined || e.entityType === q.entityType),
  );
  return oldestFirst(rows).slice(0, q.limit ?? 100).map(clone);
}

export function queryRelationships(state: StoreState, q: RelationshipQuery): Relationship[] {
  const ids = q.entityIds ? new Set(q.entityIds) : undefined;
  const direction = q.direction ?? 'both';
  const touches = (r: Relationship): boolean =>
    !ids ||
    ((direction !== 'in' && ids.has(r.sourceId)) || (direction !== 'out' && ids.has(r.targetId)));
  const rows = [...state.relationships.inScope(tenantScope(q.scope))].filter(
    (r) =>
      r.projectId === q.projectId &&
      touches(r) &&
      (q.relationType === undefined || r.relationType === q.relationType) &&
      (q.asOf === undefined || isValidAt(r, q.asOf)),
  );
  return oldestFirst(rows).slice(0, q.limit ?? 1000).map(clone);
}

/** Deletes an entity and every relationship touching it (same tenant). */
export function deleteEntity(state: StoreState, id: string, scope: ScopeFilter): boolean {
  const tenant = tenantScope(scope);
  if (!state.entities.delete(id, tenant)) return false;
  const gone = [...state.relationships.inScope(tenant)].filter((r) => r.sourceId === id || r.targetId === id);
  for (const r of gone) state.relationships.rows.delete(r.id);
  return true;
}

export const oldestFirstClone = <T extends { id: string; createdAt: Date }>(rows: T[]): T[] =>
  oldestFirst(rows).map(clone);
