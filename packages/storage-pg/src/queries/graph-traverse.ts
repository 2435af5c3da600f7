import { and, asc, eq, inArray, or, sql, type Column, type SQL } from 'drizzle-orm';
import { graphTraversalQuerySchema, parseInput as parseQuery, type GraphTraversal, type GraphTraversalQuery } from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, relationshipFromRow } from '../mappers/extras.js';
import { tenantConditions } from '../scope-sql.js';
import { relationshipConditions } from './graph.js';

type Query = ReturnType<typeof graphTraversalQuerySchema.parse>;

/**
 * `traverseGraph` in two statements on one snapshot (REPEATABLE READ, read only): a recursive CTE for the entities
 * and their depths, then the relationships among the kept ones. Same answer as `walkGraph` (see GraphTraversalQuery).
 */
export async function traverseGraph(conn: Connection, input: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
  const q = parseQuery(graphTraversalQuerySchema, input, 'graph traversal query');
  return guard('Traversing graph', () =>
    conn.db.transaction((tx) => traverse(conn, tx as unknown as Db, q), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    }),
  );
}

async function traverse(conn: Connection, db: Db, q: Query): Promise<GraphTraversal | undefined> {
  const e = conn.t.graphEntities;
  const r = conn.t.graphRelationships;
  const rows = await db
    .select({ entity: e, depth: sql<number>`k.depth`.mapWith(Number) })
    .from(e)
    .innerJoin(sql`(${reachable(conn, q)}) AS k`, sql`k.id = ${e.id}`)
    .orderBy(sql`k.depth`, asc(e.id));
  // The root is the only row of depth 0; none means it is not visible in the tenant and project.
  const [root, ...reached] = rows;
  if (root?.depth !== 0) return undefined;
  const kept = reached.slice(0, q.maxEntities - 1);
  const inGraph = [q.rootId, ...kept.map((k) => k.entity.id)];
  const from = [q.rootId, ...kept.filter((k) => k.depth < q.hops).map((k) => k.entity.id)];
  const relationships = await db
    .select()
    .from(r)
    .where(and(...edgeConditions(conn, q), leaving(conn, q.direction, from, inGraph)))
    .orderBy(asc(r.createdAt), asc(r.id));
  return {
    root: entityFromRow(root.entity),
    entities: kept.map((k) => ({ entity: entityFromRow(k.entity), depth: k.depth })),
    relationships: relationships.map(relationshipFromRow),
    truncated: reached.length > kept.length,
  };
}

/**
 * (id, fewest hops) of the root and every entity reached within `hops`, by (depth, id), the root plus
 * `maxEntities` more at most (one beyond the kept ones tells truncation). UNION over (id, depth) stops cycles: a
 * pair is walked once, and `depth < hops` bounds the pairs. Only visible entities of the project are walked through.
 */
function reachable(conn: Connection, q: Query): SQL {
  const e = conn.t.graphEntities;
  const r = conn.t.graphRelationships;
  const visible = and(...tenantConditions(e.tenantId, q.scope), eq(e.projectId, q.projectId));
  const edges = and(...edgeConditions(conn, q));
  const step = (near: Column, far: Column): SQL => sql`SELECT ${far} AS id FROM ${r} WHERE ${near} = reach.id AND ${edges}`;
  const steps: SQL[] = [];
  if (q.direction !== 'in') steps.push(step(r.sourceId, r.targetId));
  if (q.direction !== 'out') steps.push(step(r.targetId, r.sourceId));
  // reach.id keeps the default collation of source_id / target_id: compared with the "C" entity id it would take
  // that collation and lose the source_id / target_id indexes. Ids order in byte order (COLLATE "C") at the end only.
  // PostgreSQL allows one reference to `reach` in the recursive term, so both directions go in one LATERAL.
  return sql`
    WITH RECURSIVE reach(id, depth) AS (
      SELECT ${e.id} COLLATE "default", 0 FROM ${e} WHERE ${e.id} = ${q.rootId} AND ${visible}
      UNION
      SELECT n.id, reach.depth + 1 FROM reach
        CROSS JOIN LATERAL (${sql.join(steps, sql` UNION ALL `)}) AS n
        JOIN ${e} ON ${e.id} = n.id AND ${visible}
      WHERE reach.depth < ${q.hops}
    )
    SELECT id, MIN(depth) AS depth FROM reach GROUP BY id ORDER BY MIN(depth), id COLLATE "C" LIMIT ${q.maxEntities + 1}`;
}

function edgeConditions(conn: Connection, q: Query): SQL[] {
  const where = relationshipConditions(conn, q);
  if (q.relationTypes !== undefined) where.push(inArray(conn.t.graphRelationships.relationType, q.relationTypes));
  return where;
}

/**
 * Edges leaving a `from` entity in `direction` and arriving in `inGraph`. The id lists bind as one text parameter
 * each, cast to jsonb in SQL (any length, no array type lookup, and postgres.js does not re-encode a jsonb
 * parameter); `= ANY(ARRAY(...))` keeps the source_id / target_id index scans under OR.
 */
function leaving(conn: Connection, direction: Query['direction'], from: readonly string[], inGraph: readonly string[]): SQL {
  const r = conn.t.graphRelationships;
  const among = (column: Column, ids: readonly string[]): SQL =>
    sql`${column} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb)))`;
  const out = and(among(r.sourceId, from), among(r.targetId, inGraph)) as SQL;
  const into = and(among(r.targetId, from), among(r.sourceId, inGraph)) as SQL;
  return direction === 'out' ? out : direction === 'in' ? into : (or(out, into) as SQL);
}
