import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  checkpointRecordSchema,
  ConflictError,
  parseInput,
  StaleCheckpointError,
  validateCheckpointInput,
  type CheckpointRecord,
  type NewCheckpoint,
} from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { guard, pgCode } from '../errors.js';
import { checkpointFromRow, checkpointToRow } from '../mappers/workflow.js';
import { checkWritable } from './checks.js';

type Row = ReturnType<typeof checkpointToRow>;

const deletedRun = (runId: string, cause?: unknown): ConflictError =>
  new ConflictError(`Run '${runId}' was deleted; it takes no more checkpoints.`, {
    details: { runId },
    ...(cause !== undefined ? { cause } : {}),
  });

/**
 * The catalog row upsert that hands out a seq: `INSERT INTO alma_checkpoint_runs ... ON CONFLICT (run_id) DO UPDATE
 * SET last_seq = ..., checkpoint_count + 1, bytes + ..., first/last times ... WHERE deleted_at IS NULL RETURNING
 * last_seq`. It row-locks the run until commit, which serialises concurrent writers of the run in any process, and
 * returns no row for a tombstoned run. `seq` undefined = the next seq (a run's first one starts above any checkpoint
 * already stored for it; seqs are never reused); a number = a restored seq (the counter moves up to it).
 */
function upsertRun(conn: Connection, db: Db, row: Row, seq?: number) {
  const { checkpoints: c, checkpointRuns: r } = conn.t;
  const firstSeq = sql`(SELECT COALESCE(MAX(${c.seq}), 0) + 1 FROM ${c} WHERE ${c.runId} = ${row.runId})`;
  // A bare counter row (NULL times: its checkpoints were deleted before migration 005) takes this checkpoint's scope.
  const bare = sql`${r.lastAt} IS NULL`;
  return db
    .insert(r)
    .values({
      runId: row.runId,
      lastSeq: seq ?? firstSeq,
      tenantId: row.tenantId,
      workflowId: row.workflowId,
      checkpointCount: 1,
      stateBytes: row.stateSizeBytes,
      storedBytes: Buffer.byteLength(row.state, 'utf8'),
      firstAt: row.createdAt,
      lastAt: row.createdAt,
    })
    .onConflictDoUpdate({
      target: r.runId,
      set: {
        lastSeq: seq === undefined ? sql`GREATEST(${r.lastSeq} + 1, excluded.last_seq)` : sql`GREATEST(${r.lastSeq}, excluded.last_seq)`,
        tenantId: sql`CASE WHEN ${bare} THEN excluded.tenant_id ELSE ${r.tenantId} END`,
        workflowId: sql`CASE WHEN ${bare} THEN excluded.workflow_id ELSE ${r.workflowId} END`,
        checkpointCount: sql`${r.checkpointCount} + 1`,
        stateBytes: sql`${r.stateBytes} + excluded.state_bytes`,
        storedBytes: sql`${r.storedBytes} + excluded.stored_bytes`,
        firstAt: sql`LEAST(${r.firstAt}, excluded.first_at)`,
        lastAt: sql`GREATEST(${r.lastAt}, excluded.last_at)`,
      },
      setWhere: isNull(r.deletedAt),
    })
    .returning({ seq: r.lastSeq });
}

/**
 * A NOT NULL violation in the fast path: every other column is validated non-null, so it is `seq`, i.e. the upsert
 * returned no row because the run is tombstoned.
 */
const isTombstoneMiss = (error: unknown): boolean => pgCode(error) === '23502';

/**
 * Saves with the next seq of the run, updating its catalog row in the same statement or transaction. Without
 * `expectedLatestId`: one statement, one round trip (the catalog upsert as a CTE feeding the insert; if the insert
 * fails, e.g. a duplicate id, the catalog change rolls back with it; a tombstoned run yields no seq and the insert
 * fails on it). With it: `saveIfTip`, also one round trip, which throws StaleCheckpointError (storing nothing) when
 * the branch's latest checkpoint (none = main line) is no longer the expected one. UNIQUE(run_id, seq) backs both
 * up. `expectedLatestId` is never stored.
 */
export async function saveCheckpoint(conn: Connection, input: NewCheckpoint): Promise<CheckpointRecord> {
  const { expectedLatestId: expected, ...valid } = checkWritable(conn, validateCheckpointInput(input), 'checkpoint');
  const row = checkpointToRow({ ...valid, createdAt: valid.createdAt ?? new Date() });
  const c = conn.t.checkpoints;
  return guard(
    'Saving checkpoint',
    async () => {
      if (expected === undefined) {
        const next = conn.db.$with('next_seq').as(upsertRun(conn, conn.db, row));
        try {
          const [inserted] = await conn.db
            .with(next)
            .insert(c)
            .values({ ...row, seq: sql`(SELECT ${next.seq} FROM ${next})` })
            .returning({ seq: c.seq });
          return checkpointFromRow({ ...row, seq: (inserted as { seq: number }).seq });
        } catch (error) {
          throw isTombstoneMiss(error) ? deletedRun(row.runId, error) : error;
        }
      }
      const seq = await saveIfTip(conn, row, expected);
      return checkpointFromRow({ ...row, seq });
    },
    { kind: 'checkpoint', id: row.id },
  );
}

/** The branch's latest checkpoint id (none = main line), as a scalar subquery. */
function tipOf(conn: Connection, runId: string, branchId: string | null) {
  const c = conn.t.checkpoints;
  return conn.db
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.runId, runId), branchId === null ? isNull(c.branchId) : eq(c.branchId, branchId)))
    .orderBy(desc(c.seq))
    .limit(1);
}

/**
 * The conditional save in one round trip: BEGIN; the catalog upsert, which row-locks the run (writers of the run
 * queue here, in any process); the insert, a new statement and so a fresh READ COMMITTED snapshot that sees a writer
 * which committed while this one waited, taking the run's new seq only while the branch's tip is still `expected`
 * (else a NULL seq, whose NOT NULL violation aborts the transaction); COMMIT (a ROLLBACK once aborted). The four are
 * pipelined on one reserved connection. On that violation a read tells a deleted run from a moved tip.
 */
async function saveIfTip(conn: Connection, row: Row, expected: string | null): Promise<number> {
  const { checkpoints: c, checkpointRuns: r } = conn.t;
  const liveSeq = sql`(SELECT ${r.lastSeq} FROM ${r} WHERE ${r.runId} = ${row.runId} AND ${r.deletedAt} IS NULL)`;
  const tipUnchanged = sql`(${tipOf(conn, row.runId, row.branchId)}) IS NOT DISTINCT FROM ${expected}::text`;
  const upsert = upsertRun(conn, conn.db, row).toSQL();
  const insert = conn.db
    .insert(c)
    .values({ ...row, seq: sql`CASE WHEN ${tipUnchanged} THEN ${liveSeq} END` })
    .returning({ seq: c.seq })
    .toSQL();
  const reserved = await conn.sql.reserve();
  let results: PromiseSettledResult<readonly Record<string, unknown>[]>[];
  try {
    results = await Promise.allSettled([
      reserved.unsafe('BEGIN'),
      reserved.unsafe(upsert.sql, upsert.params as never[], { prepare: true }),
      reserved.unsafe(insert.sql, insert.params as never[], { prepare: true }),
      reserved.unsafe('COMMIT'),
    ]);
  } finally {
    reserved.release();
  }
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed === undefined) return (results[2] as PromiseFulfilledResult<Array<{ seq: number }>>).value[0]?.seq as number;
  if (results[2]?.status === 'rejected' && isTombstoneMiss(failed.reason)) throw await whyRefused(conn, row, expected, failed.reason);
  throw failed.reason;
}

/** After a refused conditional save: ConflictError for a deleted run, else StaleCheckpointError naming the tip. */
async function whyRefused(conn: Connection, row: Row, expected: string | null, cause: unknown): Promise<Error> {
  const r = conn.t.checkpointRuns;
  const [run] = await conn.db.select({ deletedAt: r.deletedAt }).from(r).where(eq(r.runId, row.runId));
  if (run?.deletedAt) return deletedRun(row.runId, cause);
  const [tip] = await tipOf(conn, row.runId, row.branchId);
  return new StaleCheckpointError(row.runId, row.branchId ?? undefined, expected ?? '(none)', tip?.id);
}

/**
 * The import path (PortableStore.restoreCheckpoint): the exported record inserted as is (id, seq, createdAt kept),
 * in one transaction with its catalog row, whose counter moves up to the seq so later saves continue above it.
 * ConflictError when the run is tombstoned, when the id exists, or when the run already has that seq.
 */
export async function restoreCheckpoint(conn: Connection, input: CheckpointRecord): Promise<void> {
  const record = checkWritable(conn, parseInput(checkpointRecordSchema, input, 'checkpoint'), 'checkpoint');
  const row = checkpointToRow(record);
  const c = conn.t.checkpoints;
  await guard(
    'Restoring checkpoint',
    () =>
      conn.tx(async (tx) => {
        const [counter] = await upsertRun(conn, tx, row, record.seq);
        if (!counter) throw deletedRun(record.runId);
        const [taken] = await tx
          .select({ id: c.id })
          .from(c)
          .where(and(eq(c.runId, record.runId), eq(c.seq, record.seq)));
        if (taken) {
          throw new ConflictError(`Run '${record.runId}' already has a checkpoint with seq ${record.seq} ('${taken.id}').`, {
            details: { runId: record.runId, seq: record.seq },
          });
        }
        await tx.insert(c).values({ ...row, seq: record.seq }); // an existing id: ConflictError through `guard`
      }),
    { kind: 'checkpoint', id: record.id },
  );
}
