import { and, count, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
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
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { MEMORY_SPECS, heuristicSpec, minConfidenceCondition, type MemorySpec } from '../mappers/memory.js';
import { blobVector, iso, stripUndefined } from '../mappers/values.js';
import { WORKFLOW_OUTCOME_SCOPE } from '../mappers/workflow.js';
import { artifactLinks, embeddings, heuristics, workflowOutcomes } from '../schema/index.js';
import { checkScope, scopeConditions } from '../scope-sql.js';
import { deleteEmbeddings, saveEmbedding, saveEmbeddings, selectRanked } from './ranked.js';

/** Project and owning-agent conditions (agents do not apply to user preferences). */
function ownerConditions(spec: MemorySpec, q: { projectId?: string; agents?: readonly string[]; agent?: string }): SQL[] {
  const parts: SQL[] = [];
  if (q.projectId !== undefined) parts.push(eq(spec.projectId, q.projectId));
  if (spec.agent) {
    if (q.agents !== undefined) parts.push(inArray(spec.agent, [...q.agents]));
    if (q.agent !== undefined) parts.push(eq(spec.agent, q.agent));
  }
  return parts;
}

/**
 * Rows per multi-row INSERT: one prepared statement per chunk instead of per record is most of a bulk write's cost
 * saved; 100 rows x ~20 columns stays far below SQLite's bound-parameter limit (32766).
 */
const INSERT_ROWS = 100;

export function saveMemories<T extends MemoryType>(conn: Connection, type: T, records: readonly unknown[]): string[] {
  const spec = MEMORY_SPECS[type];
  const valid = records.map((r) => validateMemory(type, r) as MemoryRecord);
  return guard(`Saving ${spec.kind}`, () =>
    conn.tx(() => {
      for (let i = 0; i < valid.length; i += INSERT_ROWS) insertChunk(conn, spec, type, valid.slice(i, i + INSERT_ROWS));
      return valid.map((r) => r.id);
    }),
  );
}

/**
 * Inserts records and their embeddings with one statement each. A failed statement changes nothing (SQLite
 * statements are atomic), so the chunk is then inserted row by row to fail on the offending record: a duplicate id
 * fails the whole batch (the transaction rolls back) as a ConflictError naming that id.
 */
function insertChunk(conn: Connection, spec: MemorySpec, type: MemoryType, chunk: readonly MemoryRecord[]): void {
  const vectors = chunk.flatMap((r) => {
    const vector = (r as { embedding?: Float32Array }).embedding;
    return vector ? [{ id: r.id, vector }] : [];
  });
  try {
    if (chunk.length > 1) {
      conn.db.insert(spec.table).values(chunk.map((r) => spec.toRow(r))).run();
      if (vectors.length) saveEmbeddings(conn.db, type, vectors);
      return;
    }
  } catch {
    // fall through: find the failing record one by one
  }
  for (const record of chunk) {
    guard(`Saving ${spec.kind}`, () => conn.db.insert(spec.table).values(spec.toRow(record)).run(), { kind: spec.kind, id: record.id });
    const vector = (record as { embedding?: Float32Array }).embedding;
    if (vector) saveEmbedding(conn.db, type, record.id, vector);
  }
}

function findRow(conn: Connection, spec: MemorySpec, id: string, scope: ScopeFilter): MemoryRecord | undefined {
  const join = and(eq(embeddings.memoryType, spec.type), eq(embeddings.memoryId, spec.id));
  const fields = { row: spec.table, embedding: embeddings.embedding } as unknown as Record<string, typeof spec.id>;
  const found = conn.db
    .select(fields)
    .from(spec.table)
    .leftJoin(embeddings, join)
    .where(and(eq(spec.id, id), ...scopeConditions(spec.scope, scope)))
    .get() as unknown as { row: Record<string, unknown>; embedding: Buffer | null } | undefined;
  return found ? spec.fromRow(found.row, blobVector(found.embedding)) : undefined;
}

export function getMemory<T extends MemoryType>(
  conn: Connection,
  type: T,
  id: string,
  scope: ScopeFilter,
): MemoryRecordMap[T] | undefined {
  const spec = MEMORY_SPECS[type];
  checkScope(scope);
  return guard(`Reading ${spec.kind}`, () => findRow(conn, spec, id, scope)) as MemoryRecordMap[T] | undefined;
}

export function queryMemories<T extends MemoryType>(
  conn: Connection,
  type: T,
  input: MemoryQuery,
): Scored<MemoryRecordMap[T]>[] {
  const spec = MEMORY_SPECS[type];
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
      memoryType: type,
      where,
      embedding: q.embedding,
      topK: q.topK ?? 5,
      map: (row, vector) => spec.fromRow(row, vector) as MemoryRecordMap[T],
    }),
  );
}

/** Identity and ownership never change through a patch; such keys are ignored, as are undefined values. */
const FIXED_FIELDS = ['id', 'agent', 'projectId', 'userId', 'tenantId'];

export function updateMemory<T extends MemoryType>(
  conn: Connection,
  type: T,
  id: string,
  patch: MemoryPatch<T>,
  scope: ScopeFilter,
): boolean {
  const spec = MEMORY_SPECS[type];
  checkScope(scope);
  const allowed = Object.fromEntries(
    Object.entries(stripUndefined(patch ?? {})).filter(([key]) => !FIXED_FIELDS.includes(key)),
  );
  return guard(`Updating ${spec.kind}`, () =>
    conn.tx(() => {
      const current = findRow(conn, spec, id, scope);
      if (!current) return false;
      const next = validateMemory(type, { ...current, ...allowed, id: current.id }) as MemoryRecord;
      conn.db.update(spec.table).set(spec.toRow(next)).where(eq(spec.id, id)).run();
      const vector = (next as { embedding?: Float32Array }).embedding;
      if (vector && 'embedding' in allowed) saveEmbedding(conn.db, type, id, vector);
      return true;
    }),
  );
}

export function incrementHeuristicOccurrence(conn: Connection, id: string, success: boolean, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard('Incrementing heuristic occurrence', () => {
    const result = conn.db
      .update(heuristics)
      .set({
        occurrenceCount: sql`coalesce(${heuristics.occurrenceCount}, 0) + 1`,
        successCount: sql`coalesce(${heuristics.successCount}, 0) + ${success ? 1 : 0}`,
        lastValidated: iso(new Date()),
      })
      .where(and(eq(heuristics.id, id), ...scopeConditions(heuristicSpec.scope, scope)))
      .run();
    return result.changes > 0;
  });
}

/** Removes what hangs off deleted memories: their embeddings and artifact links. */
function deleteDependents(conn: Connection, type: MemoryType, ids: readonly string[]): void {
  deleteEmbeddings(conn.db, type, ids);
  for (let i = 0; i < ids.length; i += 500) {
    conn.db.delete(artifactLinks).where(inArray(artifactLinks.memoryId, ids.slice(i, i + 500))).run();
  }
}

export function deleteMemory(conn: Connection, type: MemoryType, id: string, scope: ScopeFilter): boolean {
  const spec = MEMORY_SPECS[type];
  checkScope(scope);
  return guard(`Deleting ${spec.kind}`, () =>
    conn.tx(() => {
      const result = conn.db
        .delete(spec.table)
        .where(and(eq(spec.id, id), ...scopeConditions(spec.scope, scope)))
        .run();
      if (result.changes === 0) return false;
      deleteDependents(conn, type, [id]);
      return true;
    }),
  );
}

export function deleteMemories(conn: Connection, type: MemoryType, input: MemoryDeleteFilter): number {
  const spec = MEMORY_SPECS[type];
  const filter = parseQuery(memoryDeleteSchema, input, 'memory delete filter');
  const where = [...scopeConditions(spec.scope, filter.scope), ...ownerConditions(spec, filter)];
  if (filter.olderThan) where.push(lt(spec.time, iso(filter.olderThan)));
  if (filter.belowConfidence !== undefined) {
    // Types without a confidence have nothing below any threshold.
    where.push(spec.confidence ? lt(spec.confidence, filter.belowConfidence) : sql`0`);
  }
  return guard(`Deleting ${spec.kind}s`, () =>
    conn.tx(() => {
      const deleted = conn.db
        .delete(spec.table)
        .where(and(...where))
        .returning({ id: spec.id })
        .all() as Array<{ id: string }>;
      deleteDependents(
        conn,
        type,
        deleted.map((d) => d.id),
      );
      return deleted.length;
    }),
  );
}

function countRows(conn: Connection, table: SQLiteTable, where: SQL[]): number {
  return (conn.db.select({ n: count() }).from(table).where(and(...where)).get() as { n: number }).n;
}

export function getStats(conn: Connection, input: StatsQuery): StorageStats {
  const q = parseQuery(statsQuerySchema, input, 'stats query');
  return guard('Reading stats', () => {
    const counts = {} as Record<MemoryType, number>;
    for (const type of MEMORY_TYPES) {
      const spec = MEMORY_SPECS[type];
      const where = [...scopeConditions(spec.scope, q.scope), ...ownerConditions(spec, q)];
      counts[type] = countRows(conn, spec.table, where);
    }
    const outcomeWhere = [
      ...scopeConditions(WORKFLOW_OUTCOME_SCOPE, q.scope),
      eq(workflowOutcomes.projectId, q.projectId),
      ...(q.agent !== undefined ? [eq(workflowOutcomes.agent, q.agent)] : []),
    ];
    const workflowOutcomeCount = countRows(conn, workflowOutcomes, outcomeWhere);
    const totalMemories = Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      projectId: q.projectId,
      ...(q.agent !== undefined ? { agent: q.agent } : {}),
      counts,
      workflowOutcomes: workflowOutcomeCount,
      totalMemories,
    };
  });
}
