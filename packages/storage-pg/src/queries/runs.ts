import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  decodeRunCursor,
  encodeRunCursor,
  idSchema,
  parseInput as parseQuery,
  runPatchSchema,
  runQuerySchema,
  ValidationError,
  type RunPage,
  type RunPatch,
  type RunQuery,
  type RunSummary,
  type ScopeFilter,
} from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { assertNoNul, guard } from '../errors.js';
import { runFromRow, type RunRow } from '../mappers/runs.js';
import { json } from '../mappers/values.js';
import { checkScope, tenantConditions } from '../scope-sql.js';

/**
 * Catalog rows that describe a run: not tombstoned, and with times (a bare seq counter left from before migration
 * 005, whose checkpoints were all deleted, has none).
 */
export const listedRun = (conn: Connection): SQL[] => [
  isNull(conn.t.checkpointRuns.deletedAt),
  isNotNull(conn.t.checkpointRuns.lastAt),
];

/** A listed run in the scope's tenant: runs are tenant-isolated, the other scope fields do not apply. */
const liveRun = (conn: Connection, runId: string, scope: ScopeFilter): SQL[] => [
  eq(conn.t.checkpointRuns.runId, runId),
  ...tenantConditions(conn.t.checkpointRuns.tenantId, scope),
  ...listedRun(conn),
];

/** Named branches of each run: DISTINCT branch_id of its checkpoints (served by idx_alma_checkpoints_branch). */
export async function branchesOf(conn: Connection, db: Db, runIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (runIds.length === 0) return out;
  const c = conn.t.checkpoints;
  const rows = await db
    .selectDistinct({ runId: c.runId, branchId: c.branchId })
    .from(c)
    .where(and(inArray(c.runId, [...runIds]), isNotNull(c.branchId)));
  for (const { runId, branchId } of rows) out.set(runId, [...(out.get(runId) ?? []), branchId as string]);
  return out;
}

/** Catalog rows with their branches, as summaries. */
export async function summaries(conn: Connection, db: Db, rows: readonly RunRow[]): Promise<RunSummary[]> {
  const branches = await branchesOf(conn, db, rows.map((r) => r.runId));
  return rows.map((row) => runFromRow(row, branches.get(row.runId) ?? []));
}

/**
 * Rows after the cursor in catalog order (last_at DESC, run_id ASC): `isAfterRunCursor` as a keyset condition,
 * with a leading `last_at <= $t` so the index seeks to the cursor.
 */
function afterCursor(conn: Connection, cursor: string): SQL {
  const r = conn.t.checkpointRuns;
  const c = decodeRunCursor(cursor);
  if (Number.isNaN(c.lastAt.getTime())) {
    throw new ValidationError('Invalid run cursor: pass back RunPage.nextCursor unchanged.', [
      { path: 'cursor', message: 'out of range' },
    ]);
  }
  return and(lte(r.lastAt, c.lastAt), or(lt(r.lastAt, c.lastAt), gt(r.runId, c.runId))) as SQL;
}

/**
 * Runs in the scope's tenant, newest first, keyset-paginated. Every filter is part of the SQL query (tenant,
 * workflow/status/agent by equality, metadata as JSONB containment `metadata @> $1::jsonb` — for the scalar values
 * a filter holds, exactly strict equality of each key, JSON type included), so LIMIT n + 1 tells whether another
 * page exists.
 */
export async function listRuns(conn: Connection, input: RunQuery): Promise<RunPage> {
  const q = parseQuery(runQuerySchema, input, 'run query');
  checkScope(q.scope);
  assertNoNul(q, 'run query');
  const r = conn.t.checkpointRuns;
  const where: SQL[] = [...tenantConditions(r.tenantId, q.scope), ...listedRun(conn)];
  if (q.workflowId !== undefined) where.push(eq(r.workflowId, q.workflowId));
  if (q.agent !== undefined) where.push(eq(r.agent, q.agent));
  if (q.status !== undefined) where.push(eq(r.status, q.status));
  if (q.metadata !== undefined && Object.keys(q.metadata).length > 0) {
    // The object itself: postgres.js serialises a parameter the server typed as jsonb (a string would be encoded twice).
    where.push(sql`${r.metadata} @> ${q.metadata}::jsonb`);
  }
  if (q.cursor !== undefined) where.push(afterCursor(conn, q.cursor));
  return guard('Listing runs', async () => {
    const rows = await conn.db
      .select()
      .from(r)
      .where(and(...where))
      .orderBy(desc(r.lastAt), asc(r.runId))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      runs: await summaries(conn, conn.db, page),
      ...(rows.length > q.limit && last?.lastAt ? { nextCursor: encodeRunCursor({ lastAt: last.lastAt, runId: last.runId }) } : {}),
    };
  });
}

export async function getRun(conn: Connection, runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
  checkScope(scope);
  parseQuery(idSchema, runId, 'runId');
  const r = conn.t.checkpointRuns;
  return guard('Reading run', async () => {
    const rows = await conn.db.select().from(r).where(and(...liveRun(conn, runId, scope)));
    return (await summaries(conn, conn.db, rows))[0];
  });
}

/** Sets status / agent / metadata (replaced whole) of a listed run in the scope's tenant. */
export async function updateRun(conn: Connection, runId: string, input: RunPatch, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  parseQuery(idSchema, runId, 'runId');
  const patch = parseQuery(runPatchSchema, input, 'run patch');
  assertNoNul(patch, 'run patch');
  const r = conn.t.checkpointRuns;
  const set = {
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.agent !== undefined ? { agent: patch.agent } : {}),
    ...(patch.metadata !== undefined ? { metadata: json(patch.metadata, 'metadata') } : {}),
  };
  const where = and(...liveRun(conn, runId, scope));
  return guard('Updating run', async () => {
    const rows =
      Object.keys(set).length === 0
        ? await conn.db.select({ runId: r.runId }).from(r).where(where)
        : await conn.db.update(r).set(set).where(where).returning({ runId: r.runId });
    return rows.length > 0;
  });
}
