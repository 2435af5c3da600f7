import { and, asc, eq, type SQL } from 'drizzle-orm';
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
import { checkScope, tenantConditions } from '../scope-sql.js';
import { checkWritable } from './checks.js';
import { newestFirst } from './ranked.js';

// --- session handoffs --------------------------------------------------------------------------------------------

export async function saveSessionHandoff(conn: Connection, input: SessionHandoff): Promise<string> {
  const handoff = checkWritable(conn, validateSessionHandoff(input), 'session handoff');
  return guard(
    'Saving session handoff',
    async () => {
      await conn.db.insert(conn.t.sessionHandoffs).values(handoffToRow(handoff));
      return handoff.id;
    },
    { kind: 'session handoff', id: handoff.id },
  );
}

/** Read, merge, validate and write under a row lock: concurrent patches of one handoff apply one after another. */
export async function updateSessionHandoff(conn: Connection, id: string, patch: Partial<SessionHandoff>, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const allowed = cleanPatch(patch, ['id', 'projectId', 'agent', 'tenantId']);
  const s = conn.t.sessionHandoffs;
  return guard('Updating session handoff', () =>
    conn.tx(async (tx) => {
      const [row] = await tx
        .select()
        .from(s)
        .where(and(eq(s.id, id), ...tenantConditions(s.tenantId, scope)))
        .for('update');
      if (!row) return false;
      const current = handoffFromRow(row);
      const next = checkWritable(conn, validateSessionHandoff({ ...current, ...allowed, id: current.id }), 'session handoff');
      await tx.update(s).set(handoffToRow(next)).where(eq(s.id, id));
      return true;
    }),
  );
}

function handoffConditions(conn: Connection, q: Omit<SessionHandoffQuery, 'limit'>): SQL[] {
  const s = conn.t.sessionHandoffs;
  return [
    ...tenantConditions(s.tenantId, q.scope),
    eq(s.projectId, q.projectId),
    ...(q.agent !== undefined ? [eq(s.agent, q.agent)] : []),
  ];
}

/** Newest first (createdAt descending, then id ascending). */
export async function listSessionHandoffs(conn: Connection, input: SessionHandoffQuery): Promise<SessionHandoff[]> {
  const q = parseQuery(sessionHandoffQuerySchema, input, 'session handoff query');
  const s = conn.t.sessionHandoffs;
  return guard('Listing session handoffs', async () => {
    const rows = await conn.db
      .select()
      .from(s)
      .where(and(...handoffConditions(conn, q)))
      .orderBy(...newestFirst(s.createdAt, s.id))
      .limit(q.limit ?? 50);
    return rows.map(handoffFromRow);
  });
}

export async function deleteSessionHandoffs(conn: Connection, input: Omit<SessionHandoffQuery, 'limit'>): Promise<number> {
  const q = parseQuery(sessionHandoffQuerySchema.omit({ limit: true }), input, 'session handoff filter');
  const s = conn.t.sessionHandoffs;
  return guard('Deleting session handoffs', async () => {
    const deleted = await conn.db.delete(s).where(and(...handoffConditions(conn, q))).returning({ id: s.id });
    return deleted.length;
  });
}

// --- work items --------------------------------------------------------------------------------------------------

export async function saveWorkItem(conn: Connection, input: WorkItem): Promise<string> {
  const item = checkWritable(conn, validateWorkItem(input), 'work item');
  return guard(
    'Saving work item',
    async () => {
      await conn.db.insert(conn.t.workItems).values(workItemToRow(item));
      return item.id;
    },
    { kind: 'work item', id: item.id },
  );
}

const workItemById = (conn: Connection, id: string, scope: ScopeFilter) =>
  and(eq(conn.t.workItems.id, id), ...tenantConditions(conn.t.workItems.tenantId, scope));

export async function getWorkItem(conn: Connection, id: string, scope: ScopeFilter): Promise<WorkItem | undefined> {
  checkScope(scope);
  return guard('Reading work item', async () => {
    const [row] = await conn.db.select().from(conn.t.workItems).where(workItemById(conn, id, scope));
    return row ? workItemFromRow(row) : undefined;
  });
}

export async function updateWorkItem(conn: Connection, id: string, patch: Partial<WorkItem>, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const allowed = cleanPatch(patch, ['id', 'projectId', 'tenantId']);
  const w = conn.t.workItems;
  return guard('Updating work item', () =>
    conn.tx(async (tx) => {
      const [row] = await tx.select().from(w).where(workItemById(conn, id, scope)).for('update');
      if (!row) return false;
      const current = workItemFromRow(row);
      const next = checkWritable(conn, validateWorkItem({ ...current, ...allowed, id: current.id }), 'work item');
      await tx.update(w).set(workItemToRow(next)).where(eq(w.id, id));
      return true;
    }),
  );
}

/** Oldest first (createdAt, then id). */
export async function listWorkItems(conn: Connection, input: WorkItemQuery): Promise<WorkItem[]> {
  const q = parseQuery(workItemQuerySchema, input, 'work item query');
  const w = conn.t.workItems;
  const where = [...tenantConditions(w.tenantId, q.scope), eq(w.projectId, q.projectId)];
  if (q.agent !== undefined) where.push(eq(w.agent, q.agent));
  if (q.status !== undefined) where.push(eq(w.status, q.status));
  return guard('Listing work items', async () => {
    const rows = await conn.db
      .select()
      .from(w)
      .where(and(...where))
      .orderBy(asc(w.createdAt), asc(w.id));
    return rows.map(workItemFromRow);
  });
}

export async function deleteWorkItem(conn: Connection, id: string, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const w = conn.t.workItems;
  return guard('Deleting work item', async () => {
    const deleted = await conn.db.delete(w).where(workItemById(conn, id, scope)).returning({ id: w.id });
    return deleted.length > 0;
  });
}
