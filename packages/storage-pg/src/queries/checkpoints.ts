import { and, asc, desc, eq, gt, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import {
  dateSchema,
  idSchema,
  StaleCheckpointError,
  validateCheckpointInput,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type NewCheckpoint,
  type ScopeFilter,
} from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { guard } from '../errors.js';
import { checkpointFromRow, checkpointScope, checkpointToRow } from '../mappers/workflow.js';
import { checkScope, scopeConditions } from '../scope-sql.js';
import { checkWritable } from './checks.js';
import { checkpointDeleteSchema, checkpointListSchema, parseQuery } from './query-schemas.js';

const checkRunId = (runId: string): string => parseQuery(idSchema, runId, 'runId');
const inRun = (conn: Connection, runId: string, scope: ScopeFilter) => [
  eq(conn.t.checkpoints.runId, runId),
  ...scopeConditions(checkpointScope(conn.t), scope),
];

/**
 * `INSERT INTO alma_checkpoint_runs ... ON CONFLICT (run_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING
 * last_seq`: hands out the run's next seq and row-locks the counter until commit, which serialises concurrent
 * writers of the run in any process. A run's first seq starts above any checkpoint already stored for it; seqs are
 * never reused, even after deletes.
 */
function nextSeq(conn: Connection, db: Db, runId: string) {
  const { checkpoints: c, checkpointRuns: runs } = conn.t;
  return db
    .insert(runs)
    .values({ runId, lastSeq: sql`(SELECT COALESCE(MAX(${c.seq}), 0) + 1 FROM ${c} WHERE ${c.runId} = ${runId})` })
    .onConflictDoUpdate({ target: runs.runId, set: { lastSeq: sql`GREATEST(${runs.lastSeq} + 1, excluded.last_seq)` } })
    .returning({ seq: runs.lastSeq });
}

/**
 * Saves with the next seq of the run. Without `expectedLatestId`: one statement, one round trip (the counter upsert
 * as a CTE feeding the insert; if the insert fails, e.g. a duplicate id, the counter change rolls back with it).
 * With it: a transaction that takes the counter lock first, then — in a fresh snapshot, so a writer that committed
 * while this one waited is seen — compares the branch's latest checkpoint with the expected one and throws
 * StaleCheckpointError (storing nothing) when the branch has moved on. UNIQUE(run_id, seq) backs both up.
 */
export async function saveCheckpoint(conn: Connection, input: NewCheckpoint): Promise<CheckpointRecord> {
  const valid = checkWritable(conn, validateCheckpointInput(input), 'checkpoint');
  const row = checkpointToRow({ ...valid, createdAt: valid.createdAt ?? new Date() });
  const c = conn.t.checkpoints;
  // Atomic stale-write check, when the contract's NewCheckpoint carries one (null = the branch must be empty).
  const expected = (valid as { expectedLatestId?: string | null }).expectedLatestId;
  return guard(
    'Saving checkpoint',
    async () => {
      if (expected === undefined) {
        const next = conn.db.$with('next_seq').as(nextSeq(conn, conn.db, row.runId));
        const [inserted] = await conn.db
          .with(next)
          .insert(c)
          .values({ ...row, seq: sql`(SELECT ${next.seq} FROM ${next})` })
          .returning({ seq: c.seq });
        return checkpointFromRow({ ...row, seq: (inserted as { seq: number }).seq });
      }
      return conn.tx(async (tx) => {
        const [counter] = await nextSeq(conn, tx, row.runId);
        const [latest] = await tx
          .select({ id: c.id })
          .from(c)
          .where(
            and(
              eq(c.runId, row.runId),
              sql`${c.branchId} IS NOT DISTINCT FROM ${row.branchId}`,
              sql`${c.tenantId} IS NOT DISTINCT FROM ${row.tenantId}`,
            ),
          )
          .orderBy(desc(c.seq))
          .limit(1);
        if ((latest?.id ?? null) !== expected) {
          throw new StaleCheckpointError(row.runId, valid.branchId, expected ?? '(none)', latest?.id);
        }
        await tx.insert(c).values({ ...row, seq: (counter as { seq: number }).seq });
        return checkpointFromRow({ ...row, seq: (counter as { seq: number }).seq });
      });
    },
    { kind: 'checkpoint', id: row.id },
  );
}

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

export async function getLatestCheckpoint(conn: Connection, runId: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
  checkScope(scope);
  checkRunId(runId);
  const c = conn.t.checkpoints;
  return guard('Reading latest checkpoint', async () => {
    const [row] = await conn.db
      .select()
      .from(c)
      .where(and(...inRun(conn, runId, scope)))
      .orderBy(desc(c.seq))
      .limit(1)
      .prepare('alma_checkpoint_latest')
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
  const where = inRun(conn, runId, scope);
  if (o.branchId !== undefined) where.push(eq(c.branchId, o.branchId));
  if (o.afterSeq !== undefined) where.push(gt(c.seq, o.afterSeq));
  return guard('Listing checkpoints', async () => {
    const rows = await conn.db
      .select()
      .from(c)
      .where(and(...where))
      .orderBy(asc(c.seq))
      .limit(o.limit ?? 100)
      .prepare('alma_checkpoint_list')
      .execute();
    return rows.map(checkpointFromRow);
  });
}

/** No option deletes the run (in scope); `keepLast` spares the N highest seqs; `olderThan` only older ones. */
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
  return guard('Deleting checkpoints', async () => {
    const deleted = await conn.db.delete(c).where(and(...where)).returning({ id: c.id });
    return deleted.length;
  });
}

export async function deleteCheckpointsOlderThan(conn: Connection, olderThan: Date, scope: ScopeFilter): Promise<number> {
  checkScope(scope);
  const before = parseQuery(dateSchema, olderThan, 'olderThan');
  const c = conn.t.checkpoints;
  return guard('Deleting old checkpoints', async () => {
    const deleted = await conn.db
      .delete(c)
      .where(and(lt(c.createdAt, before), ...scopeConditions(checkpointScope(conn.t), scope)))
      .returning({ id: c.id });
    return deleted.length;
  });
}
