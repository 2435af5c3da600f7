import { and, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  MEMORY_TYPES,
  type MemoryDeleteFilter,
  memoryDeleteSchema,
  type MemoryPatch,
  type MemoryQuery,
  memoryQuerySchema,
  type MemoryRecord,
  type MemoryRecordMap,
  type MemoryType,
  parseInput as parseQuery,
  type ScopeFilter,
  type Scored,
  type StatsQuery,
  statsQuerySchema,
  type StorageStats,
  validateMemory,
} from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { guard } from '../errors.js';
import { memorySpecs, minConfidenceCondition, type MemorySpec } from '../mappers/memory.js';
import { cleanPatch } from '../mappers/values.js';
import { workflowOutcomeScope } from '../mappers/workflow.js';
import { checkScope, scopeConditions } from '../scope-sql.js';
import { checkWritable } from './checks.js';
import { rowSelection, selectRanked } from './ranked.js';

const specCache = new WeakMap<Connection, ReturnType<typeof memorySpecs>>();
export function specOf(conn: Connection, type: MemoryType): MemorySpec {
  let specs = specCache.get(conn);
  if (!specs) specCache.set(conn, (specs = memorySpecs(conn.t)));
  return specs[type];
}

/** Project and owning-agent conditions (agents do not apply to user preferences). */
function ownerConditions(spec: MemorySpec, q: { projectId?: string; agents?: readonly string[]; agent?: string }): SQL[] {
  const parts: SQL[] = [];
  if (q.projectId !== undefined) parts.push(eq(spec.projectId, q.projectId));
  if (spec.agent) {
    if (q.agents !== undefined) parts.push(q.agents.length > 0 ? inArray(spec.agent, [...q.agents]) : sql`false`);
    if (q.agent !== undefined) parts.push(eq(spec.agent, q.agent));
  }
  return parts;
}

/** One multi-row INSERT: all or nothing without an explicit transaction. */
export async function saveMemories<T extends MemoryType>(conn: Connection, type: T, records: readonly unknown[]): Promise<string[]> {
  const spec = specOf(conn, type);
  const valid = records.map((r) => checkWritable(conn, validateMemory(type, r) as MemoryRecord, spec.kind));
  if (valid.length === 0) return [];
  const rows = valid.map((r) => spec.toRow(r));
  const id = valid.length === 1 ? (valid[0] as MemoryRecord).id : '';
  return guard(
    `Saving ${spec.kind}`,
    async () => {
      await conn.db.insert(spec.table).values(rows as never);
      return valid.map((r) => r.id);
    },
    { kind: spec.kind, id },
  );
}

async function findRow(conn: Connection, db: Db, spec: MemorySpec, id: string, scope: ScopeFilter, lock = false): Promise<MemoryRecord | undefined> {
  const query = db
    .select(rowSelection(conn, spec.table, spec.embedding))
    .from(spec.table)
    .where(and(eq(spec.id, id), ...scopeConditions(spec.scope, scope)));
  const [row] = await (lock ? query.for('update') : query);
  return row ? spec.fromRow(row) : undefined;
}

export async function getMemory<T extends MemoryType>(conn: Connection, type: T, id: string, scope: ScopeFilter): Promise<MemoryRecordMap[T] | undefined> {
  const spec = specOf(conn, type);
  checkScope(scope);
  return guard(`Reading ${spec.kind}`, () => findRow(conn, conn.db, spec, id, scope)) as Promise<MemoryRecordMap[T] | undefined>;
}

export async function queryMemories<T extends MemoryType>(conn: Connection, type: T, input: MemoryQuery): Promise<Scored<MemoryRecordMap[T]>[]> {
  const spec = specOf(conn, type);
  const q = parseQuery(memoryQuerySchema, input, 'memory query');
  const where = [
    ...scopeConditions(spec.scope, q.scope),
    ...ownerConditions(spec, q),
    ...minConfidenceCondition(spec, q.minConfidence),
    ...spec.filters(q),
  ];
  return guard(`Querying ${spec.kind}s`, () =>
    selectRanked(conn, {
      table: spec.table,
      id: spec.id,
      time: spec.time,
      embeddingColumn: spec.embedding,
      where,
      embedding: q.embedding,
      topK: q.topK ?? 5,
      map: (row) => spec.fromRow(row) as MemoryRecordMap[T],
    }),
  );
}

/** Identity and ownership never change through a patch; such keys are ignored, as are undefined values. */
const FIXED_FIELDS = ['id', 'agent', 'projectId', 'userId', 'tenantId'];

export async function updateMemory<T extends MemoryType>(
  conn: Connection,
  type: T,
  id: string,
  patch: MemoryPatch<T>,
  scope: ScopeFilter,
): Promise<boolean> {
  const spec = specOf(conn, type);
  checkScope(scope);
  const allowed = cleanPatch(patch, FIXED_FIELDS);
  return guard(`Updating ${spec.kind}`, () =>
    conn.tx(async (tx) => {
      const current = await findRow(conn, tx, spec, id, scope, true);
      if (!current) return false;
      const next = checkWritable(conn, validateMemory(type, { ...current, ...allowed, id: current.id }) as MemoryRecord, spec.kind);
      await tx.update(spec.table).set(spec.toRow(next) as never).where(eq(spec.id, id));
      return true;
    }),
  );
}

export async function incrementHeuristicOccurrence(conn: Connection, id: string, success: boolean, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const h = conn.t.heuristics;
  return guard('Incrementing heuristic occurrence', async () => {
    const updated = await conn.db
      .update(h)
      .set({
        occurrenceCount: sql`coalesce(${h.occurrenceCount}, 0) + 1`,
        successCount: sql`coalesce(${h.successCount}, 0) + ${success ? 1 : 0}`,
        lastValidated: new Date(),
      })
      .where(and(eq(h.id, id), ...scopeConditions(specOf(conn, 'heuristic').scope, scope)))
      .returning({ id: h.id });
    return updated.length > 0;
  });
}

/**
 * Deletes the memories matching `where` and, in the same statement, their artifact links; returns how many
 * memories. One round trip, atomic without an explicit transaction.
 */
async function deleteWithLinks(conn: Connection, spec: MemorySpec, where: SQL[]): Promise<number> {
  const links = conn.t.artifactLinks;
  const rows = await conn.db.execute<{ n: number }>(sql`
    WITH deleted AS (DELETE FROM ${spec.table} WHERE ${and(...where)} RETURNING ${spec.id} AS id),
      unlinked AS (DELETE FROM ${links} WHERE ${links.memoryId} IN (SELECT id FROM deleted))
    SELECT count(*)::int AS n FROM deleted`);
  return Number(rows[0]?.n ?? 0);
}

export async function deleteMemory(conn: Connection, type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean> {
  const spec = specOf(conn, type);
  checkScope(scope);
  return guard(`Deleting ${spec.kind}`, async () => (await deleteWithLinks(conn, spec, [eq(spec.id, id), ...scopeConditions(spec.scope, scope)])) > 0);
}

export async function deleteMemories(conn: Connection, type: MemoryType, input: MemoryDeleteFilter): Promise<number> {
  const spec = specOf(conn, type);
  const filter = parseQuery(memoryDeleteSchema, input, 'memory delete filter');
  const where = [...scopeConditions(spec.scope, filter.scope), ...ownerConditions(spec, filter)];
  if (filter.olderThan) where.push(lt(spec.time, filter.olderThan));
  if (filter.belowConfidence !== undefined) {
    // Types without a confidence have nothing below any threshold.
    where.push(spec.confidence ? lt(spec.confidence, filter.belowConfidence) : sql`false`);
  }
  return guard(`Deleting ${spec.kind}s`, () => deleteWithLinks(conn, spec, where));
}

const countOf = (table: PgTable, where: SQL[]): SQL => sql`(SELECT count(*)::int FROM ${table} WHERE ${and(...where)})`;

/** The five memory counts and the workflow outcome count in one statement. */
export async function getStats(conn: Connection, input: StatsQuery): Promise<StorageStats> {
  const q = parseQuery(statsQuerySchema, input, 'stats query');
  const columns = MEMORY_TYPES.map((type) => {
    const spec = specOf(conn, type);
    return sql`${countOf(spec.table, [...scopeConditions(spec.scope, q.scope), ...ownerConditions(spec, q)])} AS ${sql.identifier(type)}`;
  });
  const wo = conn.t.workflowOutcomes;
  const outcomeWhere = [
    ...scopeConditions(workflowOutcomeScope(conn.t), q.scope),
    eq(wo.projectId, q.projectId),
    ...(q.agent !== undefined ? [eq(wo.agent, q.agent)] : []),
  ];
  columns.push(sql`${countOf(wo, outcomeWhere)} AS workflow_outcomes`);
  return guard('Reading stats', async () => {
    const [row] = await conn.db.execute<Record<string, number>>(sql`SELECT ${sql.join(columns, sql`, `)}`);
    const counts = Object.fromEntries(MEMORY_TYPES.map((type) => [type, Number(row?.[type] ?? 0)])) as Record<MemoryType, number>;
    return {
      projectId: q.projectId,
      ...(q.agent !== undefined ? { agent: q.agent } : {}),
      counts,
      workflowOutcomes: Number(row?.['workflow_outcomes'] ?? 0),
      totalMemories: Object.values(counts).reduce((a, b) => a + b, 0),
    };
  });
}
