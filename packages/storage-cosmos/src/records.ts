import {
  tenantScope,
  validateArtifactRef,
  validateSessionHandoff,
  validateWorkItem,
  type ArtifactRef,
  type ScopeFilter,
  type SessionHandoff,
  type SessionHandoffQuery,
  type WorkItem,
  type WorkItemQuery,
} from '@alma/types';
import { CODECS, fromDoc } from './documents.js';
import { listOrdered } from './listing.js';
import { parseArgs, parseScoped } from './query-schemas.js';
import { Sql, tenantWhere } from './sql.js';
import {
  createRecord,
  definedEntries,
  deleteRefs,
  findInTenant,
  refsOf,
  updateWithEtag,
  type StoreContext,
} from './store-context.js';

// Artifact links, session handoffs and work items match only the tenant part of a filter (`tenantScope`).

// --- artifact links: partitioned by memoryId, so a memory's links are one single-partition query ---

export function saveArtifactLink(ctx: StoreContext, link: ArtifactRef): Promise<string> {
  return createRecord(ctx.c.artifactLinks, CODECS.artifactLink, validateArtifactRef(link));
}

export function getArtifactLinks(ctx: StoreContext, memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
  const filter = tenantScope(parseScoped(memoryId, scope, 'memory'));
  const sql = new Sql().eq('memoryId', memoryId);
  tenantWhere(sql, filter, false);
  return listOrdered<ArtifactRef>(ctx.c.artifactLinks, CODECS.artifactLink, sql, memoryId, {
    field: 'createdAt',
    direction: 'ASC',
  });
}

/** By id alone the memoryId (partition) is unknown: a cross-partition query, tenant-filtered. */
export async function deleteArtifactLink(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<boolean> {
  const filter = tenantScope(parseScoped(id, scope, 'artifact link'));
  const sql = new Sql();
  tenantWhere(sql, filter, false);
  sql.eq('almaId', id);
  const coll = ctx.c.artifactLinks;
  return (await deleteRefs(coll, await refsOf(coll, sql, 'memoryId'))).length > 0;
}

// --- session handoffs (tenant partition) ---

type SessionPatch = Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>;

export function saveSessionHandoff(ctx: StoreContext, handoff: SessionHandoff): Promise<string> {
  return createRecord(ctx.c.sessionHandoffs, CODECS.session, validateSessionHandoff(handoff));
}

export function updateSessionHandoff(ctx: StoreContext, id: string, patch: SessionPatch, scope: ScopeFilter): Promise<boolean> {
  const filter = tenantScope(parseScoped(id, scope, 'session handoff'));
  const { id: _i, projectId: _p, agent: _a, tenantId: _t, ...allowed } = (patch ?? {}) as Partial<SessionHandoff>;
  const changes = definedEntries(allowed);
  const coll = ctx.c.sessionHandoffs;
  return updateWithEtag<SessionHandoff>(coll, CODECS.session, () => findInTenant(coll, id, filter), (record) =>
    validateSessionHandoff({ ...record, ...changes, id: record.id }),
  );
}

function sessionSql(q: { scope: ScopeFilter; projectId: string; agent?: string }): { sql: Sql; pk: string | undefined } {
  const sql = new Sql();
  const pk = tenantWhere(sql, tenantScope(q.scope), true);
  sql.eq('projectId', q.projectId);
  if (q.agent !== undefined) sql.eq('agent', q.agent);
  return { sql, pk };
}

export async function listSessionHandoffs(ctx: StoreContext, query: SessionHandoffQuery): Promise<SessionHandoff[]> {
  const q = parseArgs('sessionQuery', query);
  const limit = q.limit ?? 50;
  if (limit === 0) return [];
  const { sql, pk } = sessionSql(q);
  return listOrdered<SessionHandoff>(ctx.c.sessionHandoffs, CODECS.session, sql, pk, {
    field: 'createdAt',
    direction: 'DESC',
    top: limit,
  });
}

export async function deleteSessionHandoffs(ctx: StoreContext, query: Omit<SessionHandoffQuery, 'limit'>): Promise<number> {
  const { sql, pk } = sessionSql(parseArgs('sessionQuery', query));
  const coll = ctx.c.sessionHandoffs;
  return (await deleteRefs(coll, await refsOf(coll, sql, 'pk', pk))).length;
}

// --- work items (tenant partition) ---

type WorkItemPatch = Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>;

export function saveWorkItem(ctx: StoreContext, item: WorkItem): Promise<string> {
  return createRecord(ctx.c.workItems, CODECS.workItem, validateWorkItem(item));
}

export async function getWorkItem(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<WorkItem | undefined> {
  const found = await findInTenant(ctx.c.workItems, id, tenantScope(parseScoped(id, scope, 'work item')));
  return found ? fromDoc<WorkItem>(CODECS.workItem, found.doc) : undefined;
}

export function updateWorkItem(ctx: StoreContext, id: string, patch: WorkItemPatch, scope: ScopeFilter): Promise<boolean> {
  const filter = tenantScope(parseScoped(id, scope, 'work item'));
  const { id: _i, projectId: _p, tenantId: _t, ...allowed } = (patch ?? {}) as Partial<WorkItem>;
  const changes = definedEntries(allowed);
  const coll = ctx.c.workItems;
  return updateWithEtag<WorkItem>(coll, CODECS.workItem, () => findInTenant(coll, id, filter), (record) =>
    validateWorkItem({ ...record, ...changes, id: record.id }),
  );
}

export function listWorkItems(ctx: StoreContext, query: WorkItemQuery): Promise<WorkItem[]> {
  const q = parseArgs('workItemQuery', query);
  const sql = new Sql();
  const pk = tenantWhere(sql, tenantScope(q.scope), true);
  sql.eq('projectId', q.projectId);
  if (q.agent !== undefined) sql.eq('agent', q.agent);
  if (q.status !== undefined) sql.eq('status', q.status);
  return listOrdered<WorkItem>(ctx.c.workItems, CODECS.workItem, sql, pk, { field: 'createdAt', direction: 'ASC' });
}

export async function deleteWorkItem(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<boolean> {
  const coll = ctx.c.workItems;
  const found = await findInTenant(coll, id, tenantScope(parseScoped(id, scope, 'work item')));
  return found ? coll.delete(found.doc.id, String(found.doc['pk'])) : false;
}
