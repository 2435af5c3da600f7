import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  entityQuerySchema,
  parseInput as parseQuery,
  relationshipQuerySchema,
  validateEntity,
  validateRelationship,
  type Entity,
  type EntityQuery,
  type Relationship,
  type RelationshipQuery,
  type ScopeFilter,
} from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, entityToRow, nameKey, relationshipFromRow, relationshipToRow } from '../mappers/extras.js';
import { checkScope, tenantConditions } from '../scope-sql.js';
import { checkWritable } from './checks.js';

export async function saveEntity(conn: Connection, input: Entity): Promise<string> {
  const entity = checkWritable(conn, validateEntity(input), 'entity');
  return guard(
    'Saving entity',
    async () => {
      await conn.db.insert(conn.t.graphEntities).values(entityToRow(entity));
      return entity.id;
    },
    { kind: 'entity', id: entity.id },
  );
}

const entityById = (conn: Connection, id: string, scope: ScopeFilter) =>
  and(eq(conn.t.graphEntities.id, id), ...tenantConditions(conn.t.graphEntities.tenantId, scope));

export async function getEntity(conn: Connection, id: string, scope: ScopeFilter): Promise<Entity | undefined> {
  checkScope(scope);
  return guard('Reading entity', async () => {
    const [row] = await conn.db.select().from(conn.t.graphEntities).where(entityById(conn, id, scope));
    return row ? entityFromRow(row) : undefined;
  });
}

/** Oldest first (createdAt, then id); `name` matches case-insensitively (JS `toLowerCase` of both sides). */
export async function queryEntities(conn: Connection, input: EntityQuery): Promise<Entity[]> {
  const q = parseQuery(entityQuerySchema, input, 'entity query');
  const e = conn.t.graphEntities;
  const where = [...tenantConditions(e.tenantId, q.scope), eq(e.projectId, q.projectId)];
  if (q.name !== undefined) where.push(eq(e.nameLower, nameKey(q.name)));
  if (q.entityType !== undefined) where.push(eq(e.entityType, q.entityType));
  return guard('Querying entities', async () => {
    const rows = await conn.db
      .select()
      .from(e)
      .where(and(...where))
      .orderBy(asc(e.createdAt), asc(e.id))
      .limit(q.limit ?? 100);
    return rows.map(entityFromRow);
  });
}

/** Deletes the entity and every relationship of its tenant that touches it, in one statement. */
export async function deleteEntity(conn: Connection, id: string, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const e = conn.t.graphEntities;
  const r = conn.t.graphRelationships;
  return guard('Deleting entity', async () => {
    const rows = await conn.db.execute<{ n: number }>(sql`
      WITH deleted AS (DELETE FROM ${e} WHERE ${entityById(conn, id, scope)} RETURNING ${e.id} AS id, ${e.tenantId} AS tenant_id),
        edges AS (DELETE FROM ${r} USING deleted
          WHERE (${r.sourceId} = deleted.id OR ${r.targetId} = deleted.id)
            AND ${r.tenantId} IS NOT DISTINCT FROM deleted.tenant_id)
      SELECT count(*)::int AS n FROM deleted`);
    return Number(rows[0]?.n ?? 0) > 0;
  });
}

export async function saveRelationship(conn: Connection, input: Relationship): Promise<string> {
  const relationship = checkWritable(conn, validateRelationship(input), 'relationship');
  return guard(
    'Saving relationship',
    async () => {
      await conn.db.insert(conn.t.graphRelationships).values(relationshipToRow(relationship));
      return relationship.id;
    },
    { kind: 'relationship', id: relationship.id },
  );
}

/** Relationships of the scope's tenant and the project, valid at `asOf` when given (shared with the traversal). */
export function relationshipConditions(
  conn: Connection,
  q: { scope: ScopeFilter; projectId: string; asOf?: Date | undefined },
): SQL[] {
  const r = conn.t.graphRelationships;
  const where: SQL[] = [...tenantConditions(r.tenantId, q.scope), eq(r.projectId, q.projectId)];
  if (q.asOf !== undefined) {
    const at = q.asOf;
    where.push(or(isNull(r.validFrom), lte(r.validFrom, at)) as SQL, or(isNull(r.validTo), gt(r.validTo, at)) as SQL);
  }
  return where;
}

/** Oldest first (createdAt, then id). */
export async function queryRelationships(conn: Connection, input: RelationshipQuery): Promise<Relationship[]> {
  const q = parseQuery(relationshipQuerySchema, input, 'relationship query');
  const r = conn.t.graphRelationships;
  const where = relationshipConditions(conn, q);
  if (q.entityIds !== undefined) {
    const direction = q.direction ?? 'both';
    const ids = q.entityIds;
    const out = ids.length > 0 ? inArray(r.sourceId, ids) : sql`false`;
    const into = ids.length > 0 ? inArray(r.targetId, ids) : sql`false`;
    where.push(direction === 'out' ? out : direction === 'in' ? into : (or(out, into) as SQL));
  }
  if (q.relationType !== undefined) where.push(eq(r.relationType, q.relationType));
  return guard('Querying relationships', async () => {
    const rows = await conn.db
      .select()
      .from(r)
      .where(and(...where))
      .orderBy(asc(r.createdAt), asc(r.id))
      .limit(q.limit ?? 1000);
    return rows.map(relationshipFromRow);
  });
}

export async function deleteRelationship(conn: Connection, id: string, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const r = conn.t.graphRelationships;
  return guard('Deleting relationship', async () => {
    const deleted = await conn.db
      .delete(r)
      .where(and(eq(r.id, id), ...tenantConditions(r.tenantId, scope)))
      .returning({ id: r.id });
    return deleted.length > 0;
  });
}
