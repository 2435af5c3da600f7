import { and, asc, desc, eq, gt, isNotNull, isNull, lt, notInArray, type SQL } from 'drizzle-orm';
import {
  checkpointDeleteSchema,
  checkpointListSchema,
  dateSchema,
  idSchema,
  latestCheckpointSchema,
  parseInput as parseQuery,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type ScopeFilter,
} from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { checkpointFromRow, checkpointScope } from '../mappers/workflow.js';
import { checkScope, scopeConditions } from '../scope-sql.js';
import { deleteAndSubtract, tombstoneRun } from './run-rows.js';

const checkRunId = (runId: string): string => parseQuery(idSchema, runId, 'runId');
const inRun = (conn: Connection, runId: string, scope: ScopeFilter) => [
  eq(conn.t.checkpoints.runId, runId),
  ...scopeConditions(checkpointScope(conn.t), scope),
];
/** undefined = every branch, null = the main line (branch_id IS NULL), a string = that branch. */
const onBranch = (conn: Connection, branchId: string | null | undefined): SQL[] =>
  branchId === undefined ? [] : [branchId === null ? isNull(conn.t.checkpoints.branchId) : eq(conn.t.checkpoints.branchId, branchId)];
const shape = (branchId: string | null | undefined): string => (branchId === undefined ? 'all' : branchId === null ? 'main' : 'branch');

export async function getCheckpoint(conn: Connection, id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
  checkScope(scope);
  const c = conn.t.checkpoints;
  return guard('Reading checkpoint', async () => {
    const [row] = await conn.db
      .select()
      .from(c)
      .where(and(eq(c.id, id), ...scopeConditions(checkpointScope(conn.t), scope)))
      .prepare('alma_checkpoint_get')
      .execute();
    return row ? checkpointFromRow(row) : undefined;
  });
}

/** Highest seq of the run in scope; `options.branchId` narrows to a branch, `null` to the main line. */
export async function getLatestCheckpoint(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: { readonly branchId?: string | null } = {},
): Promise<CheckpointRecord | undefined> {
  checkScope(scope);
  checkRunId(runId);
  const { branchId } = parseQuery(latestCheckpointSchema, options, 'latest checkpoint options');
  const c = conn.t.checkpoints;
  return guard('Reading latest checkpoint', async () => {
    const [row] = await conn.db
      .select()
      .from(c)
      .where(and(...inRun(conn, runId, scope), ...onBranch(conn, branchId)))
      .orderBy(desc(c.seq))
      .limit(1)
      .prepare(`alma_checkpoint_latest_${shape(branchId)}`)
      .execute();
    return row ? checkpointFromRow(row) : undefined;
  });
}

/**
 * The latest checkpoint of each branch without reading the whole run: the run's distinct named branches, each
 * joined LATERAL to its newest checkpoint in scope (one backward probe of the branch index per branch), plus the
 * main line's newest (`branch_id IS NULL`, the same index). Sorted by seq ascending.
 */
export async function getLatestCheckpointPerBranch(conn: Connection, runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
  checkScope(scope);
  checkRunId(runId);
  const c = conn.t.checkpoints;
  return guard('Reading latest checkpoints per branch', async () => {
    const branches = conn.db
      .selectDistinct({ branchId: c.branchId })
      .from(c)
      .where(and(eq(c.runId, runId), isNotNull(c.branchId)))
      .as('branches');
    const newest = conn.db
      .select()
      .from(c)
      .where(and(...inRun(conn, runId, scope), eq(c.branchId, branches.branchId)))
      .orderBy(desc(c.seq))
      .limit(1)
      .as('newest');
    const [named, main] = await Promise.all([
      conn.db.select().from(branches).crossJoinLateral(newest),
      conn.db
        .select()
        .from(c)
        .where(and(...inRun(conn, runId, scope), isNull(c.branchId)))
        .orderBy(desc(c.seq))
        .limit(1),
    ]);
    return [...named.map((r) => r.newest), ...main].map(checkpointFromRow).sort((a, b) => a.seq - b.seq);
  });
}

export async function listCheckpoints(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointListOptions = {},
): Promise<CheckpointRecord[]> {
  checkScope(scope);
  checkRunId(runId);
  const o = parseQuery(checkpointListSchema, options, 'checkpoint list options');
  const c = conn.t.checkpoints;
  const where = [...inRun(conn, runId, scope), ...onBranch(conn, o.branchId)];
  if (o.afterSeq !== undefined) where.push(gt(c.seq, o.afterSeq));
  return guard('Listing checkpoints', async () => {
    const rows = await conn.db
      .select()
      .from(c)
      .where(and(...where))
      .orderBy(asc(c.seq))
      .limit(o.limit ?? 100)
      .prepare(`alma_checkpoint_list_${shape(o.branchId)}`)
      .execute();
    return rows.map(checkpointFromRow);
  });
}

/**
 * No option deletes the run (in scope) and tombstones it: its catalog row is marked deleted first (taking the row lock
 * a writer of the run needs, so no save slips in between), then its checkpoints go. `keepLast` spares the N highest
 * seqs, `olderThan` only deletes older ones (retention: no tombstone). The catalog counters follow in the same
 * transaction.
 */
export async function deleteCheckpoints(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
): Promise<number> {
  checkScope(scope);
  checkRunId(runId);
  const o = parseQuery(checkpointDeleteSchema, options, 'checkpoint delete options');
  const c = conn.t.checkpoints;
  const where = inRun(conn, runId, scope);
  if (o.olderThan) where.push(lt(c.createdAt, o.olderThan));
  if (o.keepLast !== undefined) {
    const kept = conn.db
      .select({ seq: c.seq })
      .from(c)
      .where(and(...inRun(conn, runId, scope)))
      .orderBy(desc(c.seq))
      .limit(o.keepLast);
    where.push(notInArray(c.seq, kept));
  }
  const wholeRun = o.olderThan === undefined && o.keepLast === undefined;
  return guard('Deleting checkpoints', () =>
    conn.tx(async (tx) => {
      if (wholeRun) await tombstoneRun(conn, tx, runId, scope);
      return deleteAndSubtract(conn, tx, and(...where) as SQL);
    }),
  );
}

/** Retention across every run in scope (no tombstones); the catalog counters follow in the same statement. */
export async function deleteCheckpointsOlderThan(conn: Connection, olderThan: Date, scope: ScopeFilter): Promise<number> {
  checkScope(scope);
  const before = parseQuery(dateSchema, olderThan, 'olderThan');
  const c = conn.t.checkpoints;
  const where = and(lt(c.createdAt, before), ...scopeConditions(checkpointScope(conn.t), scope)) as SQL;
  return guard('Deleting old checkpoints', () => deleteAndSubtract(conn, conn.db, where));
}
