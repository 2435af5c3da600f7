import {
  tenantScope,
  validateEntity,
  validateRelationship,
  type Entity,
  type EntityQuery,
  type Relationship,
  type RelationshipQuery,
  type ScopeFilter,
} from '@alma/types';
import { CODECS, fromDoc } from './documents.js';
import { listOrdered } from './listing.js';
import { parseArgs, parseScoped } from './query-schemas.js';
import { Sql, tenantWhere } from './sql.js';
import { createRecord, deleteRefs, findInTenant, refsOf, type StoreContext } from './store-context.js';

// Entities and relationships live in their tenant's partition and match only the tenant part of a filter.

export function saveEntity(ctx: StoreContext, entity: Entity): Promise<string> {
  return createRecord(ctx.c.entities, CODECS.entity, validateEntity(entity));
}

export async function getEntity(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<Entity | undefined> {
  const found = await findInTenant(ctx.c.entities, id, tenantScope(parseScoped(id, scope, 'entity')));
  return found ? fromDoc<Entity>(CODECS.entity, found.doc) : undefined;
}

/** Name match is case-insensitive and exact: an indexed equality on the stored lowercase name (`nameKey`). */
export async function queryEntities(ctx: StoreContext, query: EntityQuery): Promise<Entity[]> {
  const q = parseArgs('entityQuery', query);
  const limit = q.limit ?? 100;
  if (limit === 0) return [];
  const sql = new Sql();
  const pk = tenantWhere(sql, tenantScope(q.scope), true);
  sql.eq('projectId', q.projectId);
  if (q.name !== undefined) sql.eq('nameKey', q.name.toLowerCase());
  if (q.entityType !== undefined) sql.eq('entityType', q.entityType);
  return listOrdered<Entity>(ctx.c.entities, CODECS.entity, sql, pk, { field: 'createdAt', direction: 'ASC', top: limit });
}

/** Deletes the entity and every relationship of its tenant that touches it. */
export async function deleteEntity(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<boolean> {
  const coll = ctx.c.entities;
  const found = await findInTenant(coll, id, tenantScope(parseScoped(id, scope, 'entity')));
  if (!found || !(await coll.delete(found.doc.id, String(found.doc['pk'])))) return false;
  const sql = new Sql();
  const pk = tenantWhere(sql, { tenantId: found.doc['tenantId'] as string | undefined }, true);
  const ids = sql.param([id]);
  sql.where(`(ARRAY_CONTAINS(${ids}, c.sourceId) OR ARRAY_CONTAINS(${ids}, c.targetId))`);
  await deleteRefs(ctx.c.relationships, await refsOf(ctx.c.relationships, sql, 'pk', pk));
  return true;
}

export function saveRelationship(ctx: StoreContext, relationship: Relationship): Promise<string> {
  return createRecord(ctx.c.relationships, CODECS.relationship, validateRelationship(relationship));
}

export async function queryRelationships(ctx: StoreContext, query: RelationshipQuery): Promise<Relationship[]> {
  const q = parseArgs('relationshipQuery', query);
  const limit = q.limit ?? 1000;
  if (limit === 0) return [];
  const sql = new Sql();
  const pk = tenantWhere(sql, tenantScope(q.scope), true);
  sql.eq('projectId', q.projectId);
  if (q.entityIds !== undefined) {
    const ids = sql.param(q.entityIds);
    const direction = q.direction ?? 'both';
    const out = `ARRAY_CONTAINS(${ids}, c.sourceId)`;
    const into = `ARRAY_CONTAINS(${ids}, c.targetId)`;
    sql.where(direction === 'out' ? out : direction === 'in' ? into : `(${out} OR ${into})`);
  }
  if (q.relationType !== undefined) sql.eq('relationType', q.relationType);
  if (q.asOf !== undefined) {
    const t = sql.param(q.asOf.getTime());
    // validFrom inclusive, validTo exclusive; a missing end is unbounded.
    sql.where(`(NOT IS_DEFINED(c.validFrom) OR c.validFrom <= ${t})`);
    sql.where(`(NOT IS_DEFINED(c.validTo) OR c.validTo > ${t})`);
  }
  return listOrdered<Relationship>(ctx.c.relationships, CODECS.relationship, sql, pk, {
    field: 'createdAt',
    direction: 'ASC',
    top: limit,
  });
}

export async function deleteRelationship(ctx: StoreContext, id: string, scope: ScopeFilter): Promise<boolean> {
  const coll = ctx.c.relationships;
  const found = await findInTenant(coll, id, tenantScope(parseScoped(id, scope, 'relationship')));
  return found ? coll.delete(found.doc.id, String(found.doc['pk'])) : false;
}
