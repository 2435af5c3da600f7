import { and, asc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
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
import { iso } from '../mappers/values.js';
import { graphEntities, graphRelationships } from '../schema/index.js';
import { checkScope, tenantConditions } from '../scope-sql.js';
import { boundLimit } from './limit.js';

export function saveEntity(conn: Connection, input: Entity): string {
  const entity = validateEntity(input);
  return guard(
    'Saving entity',
    () => {
      conn.db.insert(graphEntities).values(entityToRow(entity)).run();
      return entity.id;
    },
    { kind: 'entity', id: entity.id },
  );
}

const entityById = (id: string, scope: ScopeFilter) =>
  and(eq(graphEntities.id, id), ...tenantConditions(graphEntities.tenantId, scope));

export function getEntity(conn: Connection, id: string, scope: ScopeFilter): Entity | undefined {
  checkScope(scope);
  return guard('Reading entity', () => {
    const row = conn.db.select().from(graphEntities).where(entityById(id, scope)).get();
    return row ? entityFromRow(row) : undefined;
  });
}

/** Oldest first (createdAt, then id); `name` matches case-insensitively (JS `toLowerCase` of both sides). */
export function queryEntities(conn: Connection, input: EntityQuery): Entity[] {
  const q = parseQuery(entityQuerySchema, input, 'entity query');
  const where = [...tenantConditions(graphEntities.tenantId, q.scope), eq(graphEntities.projectId, q.projectId)];
  if (q.name !== undefined) where.push(eq(graphEntities.nameLower, nameKey(q.name)));
  if (q.entityType !== undefined) where.push(eq(graphEntities.entityType, q.entityType));
  return guard('Querying entities', () =>
    conn.db
      .select()
      .from(graphEntities)
      .where(and(...where))
      .orderBy(asc(graphEntities.createdAt), asc(graphEntities.id))
      .limit(boundLimit(q.limit ?? 100))
      .all()
      .map(entityFromRow),
  );
}

/** Deletes the entity and every relationship of its tenant that touches it, in one transaction. */
export function deleteEntity(conn: Connection, id: string, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard('Deleting entity', () =>
    conn.tx(() => {
      const entity = conn.db
        .delete(graphEntities)
        .where(entityById(id, scope))
        .returning({ tenantId: graphEntities.tenantId })
        .get();
      if (!entity) return false;
      conn.db
        .delete(graphRelationships)
        .where(
          and(
            or(eq(graphRelationships.sourceId, id), eq(graphRelationships.targetId, id)),
            entity.tenantId === null ? isNull(graphRelationships.tenantId) : eq(graphRelationships.tenantId, entity.tenantId),
          ),
        )
        .run();
      return true;
    }),
  );
}

export function saveRelationship(conn: Connection, input: Relationship): string {
  const relationship = validateRelationship(input);
  return guard(
    'Saving relationship',
    () => {
      conn.db.insert(graphRelationships).values(relationshipToRow(relationship)).run();
      return relationship.id;
    },
    { kind: 'relationship', id: relationship.id },
  );
}

/** Relationships of the scope's tenant and the project, valid at `asOf` when given (shared with the traversal). */
export function relationshipConditions(q: { scope: ScopeFilter; projectId: string; asOf?: Date | undefined }): SQL[] {
  const r = graphRelationships;
  const where: SQL[] = [...tenantConditions(r.tenantId, q.scope), eq(r.projectId, q.projectId)];
  if (q.asOf !== undefined) {
    const at = iso(q.asOf);
    where.push(or(isNull(r.validFrom), lte(r.validFrom, at)) as SQL, or(isNull(r.validTo), gt(r.validTo, at)) as SQL);
  }
  return where;
}

/** Oldest first (createdAt, then id). */
export function queryRelationships(conn: Connection, input: RelationshipQuery): Relationship[] {
  const q = parseQuery(relationshipQuerySchema, input, 'relationship query');
  const r = graphRelationships;
  const where = relationshipConditions(q);
  if (q.entityIds !== undefined) {
    const direction = q.direction ?? 'both';
    const out = inArray(r.sourceId, q.entityIds);
    const into = inArray(r.targetId, q.entityIds);
    where.push(direction === 'out' ? out : direction === 'in' ? into : (or(out, into) as SQL));
  }
  if (q.relationType !== undefined) where.push(eq(r.relationType, q.relationType));
  return guard('Querying relationships', () =>
    conn.db
      .select()
      .from(r)
      .where(and(...where))
      .orderBy(asc(r.createdAt), asc(r.id))
      .limit(boundLimit(q.limit ?? 1000))
      .all()
      .map(relationshipFromRow),
  );
}

export function deleteRelationship(conn: Connection, id: string, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard(
    'Deleting relationship',
    () =>
      conn.db
        .delete(graphRelationships)
        .where(and(eq(graphRelationships.id, id), ...tenantConditions(graphRelationships.tenantId, scope)))
        .run().changes > 0,
  );
}
