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
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { runFromRow } from '../mappers/runs.js';
import { iso, json, toDate } from '../mappers/values.js';
import { checkpoints, runs } from '../schema/index.js';
import { checkScope, tenantConditions } from '../scope-sql.js';
import { boundLimit } from './limit.js';

/** A live (not deleted) run in the scope's tenant: runs are tenant-isolated, the other scope fields do not apply. */
const liveRun = (runId: string, scope: ScopeFilter): SQL[] => [
  eq(runs.runId, runId),
  ...tenantConditions(runs.tenantId, scope),
  isNull(runs.deletedAt),
];

/** Named branches of each run, from its checkpoints (served by idx_checkpoints_branch). */
export function branchesOf(conn: Connection, runIds: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (runIds.length === 0) return out;
  const rows = conn.db
    .selectDistinct({ runId: checkpoints.runId, branchId: checkpoints.branchId })
    .from(checkpoints)
    .where(and(inArray(checkpoints.runId, [...runIds]), isNotNull(checkpoints.branchId)))
    .all();
  for (const { runId, branchId } of rows) out.set(runId, [...(out.get(runId) ?? []), branchId as string]);
  return out;
}

/**
 * Strict equality on a top-level metadata key, as `matchesRunMetadata` answers it: the JSON type must match too
 * (the string '2' is not the number 2, true is not 1). Key and value are bound parameters.
 */
function metadataEquals(key: string, value: string | number | boolean): SQL {
  const entry = sql`SELECT 1 FROM json_each(${runs.metadata}) AS m WHERE m.key = ${key}`;
  if (typeof value === 'boolean') return sql`EXISTS (${entry} AND m.type = ${value ? 'true' : 'false'})`;
  if (typeof value === 'number') return sql`EXISTS (${entry} AND m.type IN ('integer', 'real') AND m.value = ${value})`;
  return sql`EXISTS (${entry} AND m.type = 'text' AND m.value = ${value})`;
}

/**
 * Rows after the cursor in catalog order (last_at DESC, run_id ASC): `isAfterRunCursor` as a keyset condition,
 * written with a leading `last_at <= ?` so the index seeks to the cursor instead of scanning the pages before it.
 */
function afterCursor(cursor: string): SQL {
  const c = decodeRunCursor(cursor);
  if (Number.isNaN(c.lastAt.getTime())) {
    throw new ValidationError('Invalid run cursor: pass back RunPage.nextCursor unchanged.', [
      { path: 'cursor', message: 'out of range' },
    ]);
  }
  const t = iso(c.lastAt);
  return and(lte(runs.lastAt, t), or(lt(runs.lastAt, t), gt(runs.runId, c.runId))) as SQL;
}

/**
 * Runs in the scope's tenant, newest first, keyset-paginated. Every filter, the metadata one included, is part of
 * the SQL query (tenant, workflow/status/agent through the idx_runs_* indices, metadata as a residual json_each
 * condition), so LIMIT n + 1 tells exactly whether another page exists.
 */
export function listRuns(conn: Connection, input: RunQuery): RunPage {
  const q = parseQuery(runQuerySchema, input, 'run query');
  checkScope(q.scope);
  const where: SQL[] = [...tenantConditions(runs.tenantId, q.scope), isNull(runs.deletedAt)];
  if (q.workflowId !== undefined) where.push(eq(runs.workflowId, q.workflowId));
  if (q.agent !== undefined) where.push(eq(runs.agent, q.agent));
  if (q.status !== undefined) where.push(eq(runs.status, q.status));
  for (const [key, value] of Object.entries(q.metadata ?? {})) where.push(metadataEquals(key, value));
  if (q.cursor !== undefined) where.push(afterCursor(q.cursor));
  return guard('Listing runs', () => {
    const rows = conn.db
      .select()
      .from(runs)
      .where(and(...where))
      .orderBy(desc(runs.lastAt), asc(runs.runId))
      .limit(boundLimit(q.limit + 1))
      .all();
    const page = rows.slice(0, q.limit);
    const branches = branchesOf(conn, page.map((r) => r.runId));
    const last = page[page.length - 1];
    return {
      runs: page.map((row) => runFromRow(row, branches.get(row.runId) ?? [])),
      ...(rows.length > q.limit && last ? { nextCursor: encodeRunCursor({ lastAt: toDate(last.lastAt), runId: last.runId }) } : {}),
    };
  });
}

export function getRun(conn: Connection, runId: string, scope: ScopeFilter): RunSummary | undefined {
  checkScope(scope);
  parseQuery(idSchema, runId, 'runId');
  return guard('Reading run', () => {
    const row = conn.db.select().from(runs).where(and(...liveRun(runId, scope))).get();
    return row ? runFromRow(row, branchesOf(conn, [runId]).get(runId) ?? []) : undefined;
  });
}

/** Sets status / agent / metadata (replaced whole) of a live run in the scope's tenant. */
export function updateRun(conn: Connection, runId: string, input: RunPatch, scope: ScopeFilter): boolean {
  checkScope(scope);
  parseQuery(idSchema, runId, 'runId');
  const patch = parseQuery(runPatchSchema, input, 'run patch');
  const set = {
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.agent !== undefined ? { agent: patch.agent } : {}),
    ...(patch.metadata !== undefined ? { metadata: json(patch.metadata, 'metadata') } : {}),
  };
  const where = and(...liveRun(runId, scope));
  return guard('Updating run', () =>
    Object.keys(set).length === 0
      ? conn.db.select({ runId: runs.runId }).from(runs).where(where).get() !== undefined
      : conn.db.update(runs).set(set).where(where).run().changes > 0,
  );
}
