import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import {
  parseInput as parseQuery,
  sessionHandoffQuerySchema,
  validateSessionHandoff,
  validateWorkItem,
  workItemQuerySchema,
  type ScopeFilter,
  type SessionHandoff,
  type SessionHandoffQuery,
  type WorkItem,
  type WorkItemQuery,
} from '@alma/types';
import { cleanPatch } from '@alma/storage-sql';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { handoffFromRow, handoffToRow, workItemFromRow, workItemToRow } from '../mappers/extras.js';
import { sessionHandoffs, workItems } from '../schema/index.js';
import { checkScope, tenantConditions } from '../scope-sql.js';
import { boundLimit } from './limit.js';

// --- session handoffs --------------------------------------------------------------------------------------------

export function saveSessionHandoff(conn: Connection, input: SessionHandoff): string {
  const handoff = validateSessionHandoff(input);
  return guard(
    'Saving session handoff',
    () => {
      conn.db.insert(sessionHandoffs).values(handoffToRow(handoff)).run();
      return handoff.id;
    },
    { kind: 'session handoff', id: handoff.id },
  );
}

export function updateSessionHandoff(
  conn: Connection,
  id: string,
  patch: Partial<SessionHandoff>,
  scope: ScopeFilter,
): boolean {
  checkScope(scope);
  const allowed = cleanPatch(patch, ['id', 'projectId', 'agent', 'tenantId']);
  const where = and(eq(sessionHandoffs.id, id), ...tenantConditions(sessionHandoffs.tenantId, scope));
  return guard('Updating session handoff', () =>
    conn.tx(() => {
      const row = conn.db.select().from(sessionHandoffs).where(where).get();
      if (!row) return false;
      const current = handoffFromRow(row);
      const next = validateSessionHandoff({ ...current, ...allowed, id: current.id });
      conn.db.update(sessionHandoffs).set(handoffToRow(next)).where(eq(sessionHandoffs.id, id)).run();
      return true;
    }),
  );
}

function handoffConditions(q: Omit<SessionHandoffQuery, 'limit'>): SQL[] {
  return [
    ...tenantConditions(sessionHandoffs.tenantId, q.scope),
    eq(sessionHandoffs.projectId, q.projectId),
    ...(q.agent !== undefined ? [eq(sessionHandoffs.agent, q.agent)] : []),
  ];
}

/** Newest first (createdAt descending, then id ascending). */
export function listSessionHandoffs(conn: Connection, input: SessionHandoffQuery): SessionHandoff[] {
  const q = parseQuery(sessionHandoffQuerySchema, input, 'session handoff query');
  return guard('Listing session handoffs', () =>
    conn.db
      .select()
      .from(sessionHandoffs)
      .where(and(...handoffConditions(q)))
      .orderBy(desc(sessionHandoffs.createdAt), asc(sessionHandoffs.id))
      .limit(boundLimit(q.limit ?? 50))
      .all()
      .map(handoffFromRow),
  );
}

export function deleteSessionHandoffs(conn: Connection, input: Omit<SessionHandoffQuery, 'limit'>): number {
  const q = parseQuery(sessionHandoffQuerySchema.omit({ limit: true }), input, 'session handoff filter');
  return guard(
    'Deleting session handoffs',
    () =>
      conn.db
        .delete(sessionHandoffs)
        .where(and(...handoffConditions(q)))
        .run().changes,
  );
}

// --- work items --------------------------------------------------------------------------------------------------

export function saveWorkItem(conn: Connection, input: WorkItem): string {
  const item = validateWorkItem(input);
  return guard(
    'Saving work item',
    () => {
      conn.db.insert(workItems).values(workItemToRow(item)).run();
      return item.id;
    },
    { kind: 'work item', id: item.id },
  );
}

const workItemById = (id: string, scope: ScopeFilter) =>
  and(eq(workItems.id, id), ...tenantConditions(workItems.tenantId, scope));

export function getWorkItem(conn: Connection, id: string, scope: ScopeFilter): WorkItem | undefined {
  checkScope(scope);
  return guard('Reading work item', () => {
    const row = conn.db.select().from(workItems).where(workItemById(id, scope)).get();
    return row ? workItemFromRow(row) : undefined;
  });
}

export function updateWorkItem(conn: Connection, id: string, patch: Partial<WorkItem>, scope: ScopeFilter): boolean {
  checkScope(scope);
  const allowed = cleanPatch(patch, ['id', 'projectId', 'tenantId']);
  return guard('Updating work item', () =>
    conn.tx(() => {
      const row = conn.db.select().from(workItems).where(workItemById(id, scope)).get();
      if (!row) return false;
      const current = workItemFromRow(row);
      const next = validateWorkItem({ ...current, ...allowed, id: current.id });
      conn.db.update(workItems).set(workItemToRow(next)).where(eq(workItems.id, id)).run();
      return true;
    }),
  );
}

/** Oldest first (createdAt, then id). */
export function listWorkItems(conn: Connection, input: WorkItemQuery): WorkItem[] {
  const q = parseQuery(workItemQuerySchema, input, 'work item query');
  const where = [...tenantConditions(workItems.tenantId, q.scope), eq(workItems.projectId, q.projectId)];
  if (q.agent !== undefined) where.push(eq(workItems.agent, q.agent));
  if (q.status !== undefined) where.push(eq(workItems.status, q.status));
  return guard('Listing work items', () =>
    conn.db
      .select()
      .from(workItems)
      .where(and(...where))
      .orderBy(asc(workItems.createdAt), asc(workItems.id))
      .all()
      .map(workItemFromRow),
  );
}

export function deleteWorkItem(conn: Connection, id: string, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard('Deleting work item', () => conn.db.delete(workItems).where(workItemById(id, scope)).run().changes > 0);
}
