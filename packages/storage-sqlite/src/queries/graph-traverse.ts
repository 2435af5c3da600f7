import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  graphTraversalQuerySchema,
  parseInput as parseQuery,
  type GraphTraversal,
  type GraphTraversalQuery,
  type Relationship,
} from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, relationshipFromRow } from '../mappers/extras.js';
import { graphEntities as e, graphRelationships as r } from '../schema/index.js';
import { tenantConditions } from '../scope-sql.js';
import { relationshipConditions } from './graph.js';

type Query = ReturnType<typeof graphTraversalQuerySchema.parse>;

/*
 * Without statistics (a fresh database has none until `PRAGMA optimize` runs) SQLite prefers the scope index
 * (tenant_id, project_id, relation_type) to source_id / target_id, and would read every relationship of the tenant
 * for each reached entity. INDEXED BY pins the seek per entity, and fails loudly should these indexes ever go.
 */
const BY_SOURCE = sql`INDEXED BY ${sql.identifier('idx_graph_relationships_source')}`;
const BY_TARGET = sql`INDEXED BY ${sql.identifier('idx_graph_relationships_target')}`;

/**
 * `traverseGraph` in two statements read in one snapshot: a recursive CTE for the entities and their depths, then
 * the relationships among the kept ones. Same answer as `walkGraph` (see GraphTraversalQuery).
 */
export function traverseGraph(conn: Connection, input: GraphTraversalQuery): GraphTraversal | undefined {
  const q = parseQuery(graphTraversalQuerySchema, input, 'graph traversal query');
  // DEFERRED: a read transaction takes no write lock, and both statements see the same WAL snapshot.
  return guard('Traversing graph', () => conn.client.transaction(() => traverse(conn, q)).deferred());
}

function traverse(conn: Connection, q: Query): GraphTraversal | undefined {
  const rows = conn.db
    .select({ entity: e, depth: sql<number>`k.depth` })
    .from(e)
    .innerJoin(sql`(${reachable(q)}) AS k`, sql`k.id = ${e.id}`)
    .orderBy(sql`k.depth`, asc(e.id))
    .all();
  // The root is the only row of depth 0; none means it is not visible in the tenant and project.
  const [root, ...reached] = rows;
  if (root?.depth !== 0) return undefined;
  const kept = reached.slice(0, q.maxEntities - 1);
  const inGraph = [q.rootId, ...kept.map((k) => k.entity.id)];
  const from = [q.rootId, ...kept.filter((k) => k.depth < q.hops).map((k) => k.entity.id)];
  const relationships: Relationship[] = [];
  if (q.direction !== 'in') relationships.push(...leaving(conn, q, 'out', from, inGraph));
  if (q.direction !== 'out') relationships.push(...leaving(conn, q, 'in', from, inGraph));
  return {
    root: entityFromRow(root.entity),
    entities: kept.map((k) => ({ entity: entityFromRow(k.entity), depth: k.depth })),
    // An edge may leave `from` both ways (direction 'both'): once, oldest first (createdAt, then id).
    relationships: [...new Map(relationships.map((x) => [x.id, x])).values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    ),
    truncated: reached.length > kept.length,
  };
}

/**
 * (id, fewest hops) of the root and every entity reached within `hops`, by (depth, id), the root plus
 * `maxEntities` more at most (one beyond the kept ones tells truncation). UNION over (id, depth) stops cycles: a
 * pair is walked once, and `depth < hops` bounds the pairs. Only visible entities of the project are walked through.
 */
function reachable(q: Query): SQL {
  const visible = and(...tenantConditions(e.tenantId, q.scope), eq(e.projectId, q.projectId));
  const edges = and(...edgeConditions(q));
  // CROSS JOIN keeps the written join order (SQLite never reorders it): reached entity, its edges, the far end.
  const step = (near: SQLiteColumn, far: SQLiteColumn, index: SQL): SQL => sql`
    SELECT ${e.id}, reach.depth + 1 FROM reach
      CROSS JOIN ${r} ${index} ON ${near} = reach.id
      CROSS JOIN ${e} ON ${e.id} = ${far}
    WHERE reach.depth < ${q.hops} AND ${edges} AND ${visible}`;
  const steps: SQL[] = [];
  if (q.direction !== 'in') steps.push(step(r.sourceId, r.targetId, BY_SOURCE));
  if (q.direction !== 'out') steps.push(step(r.targetId, r.sourceId, BY_TARGET));
  return sql`
    WITH RECURSIVE reach(id, depth) AS (
      SELECT ${e.id}, 0 FROM ${e} WHERE ${e.id} = ${q.rootId} AND ${visible}
      UNION ${sql.join(steps, sql` UNION `)}
    )
    SELECT id, MIN(depth) AS depth FROM reach GROUP BY id ORDER BY 2, 1 LIMIT ${q.maxEntities + 1}`;
}

function edgeConditions(q: Query): SQL[] {
  const where = relationshipConditions(q);
  if (q.relationTypes !== undefined) where.push(inArray(r.relationType, q.relationTypes));
  return where;
}

/**
 * The matching edges leaving a `from` entity one way and arriving in `inGraph`, read through the index of their
 * near end. The id lists bind as one JSON text each (no limit on their length). Raw SQL: drizzle's builder has no
 * INDEXED BY, so the columns are selected under their field names and decoded by their own columns.
 */
function leaving(conn: Connection, q: Query, way: 'out' | 'in', from: readonly string[], inGraph: readonly string[]): Relationship[] {
  const [near, far, index] = way === 'out' ? [r.sourceId, r.targetId, BY_SOURCE] : [r.targetId, r.sourceId, BY_TARGET];
  const among = (column: SQLiteColumn, ids: readonly string[]): SQL =>
    sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const columns = Object.entries(getTableColumns(r));
  const rows = conn.db.all<Record<string, unknown>>(sql`
    SELECT ${sql.join(columns.map(([field, column]) => sql`${column} AS ${sql.identifier(field)}`), sql`, `)}
    FROM ${r} ${index}
    WHERE ${and(...edgeConditions(q), among(near, from), among(far, inGraph))}`);
  return rows.map((row) =>
    relationshipFromRow(
      Object.fromEntries(
        columns.map(([field, column]) => [field, row[field] === null ? null : column.mapFromDriverValue(row[field])]),
      ) as typeof r.$inferSelect,
    ),
  );
}
