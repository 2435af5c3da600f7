import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import {
  checkpointRecordSchema,
  ConflictError,
  parseInput,
  StaleCheckpointError,
  validateCheckpointInput,
  type CheckpointRecord,
  type NewCheckpoint,
} from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { checkpointFromRow, checkpointToRow } from '../mappers/workflow.js';
import { checkpoints, runs } from '../schema/index.js';
import { refuseDeletedRun, touchRun } from './run-rows.js';
import { boundLimit } from './limit.js';

/**
 * One IMMEDIATE transaction (the write lock is held from the first read to the commit, so writers in other
 * connections and processes queue instead of interleaving): tombstone check, the `expectedLatestId` check of the
 * branch tip, the INSERT that assigns seq = max(runs.latest_seq, MAX(seq)) + 1 itself, and the catalog row update.
 * UNIQUE(run_id, seq) backs the seq up. A failed check stores nothing.
 */
export function saveCheckpoint(conn: Connection, input: NewCheckpoint): CheckpointRecord {
  const { expectedLatestId, ...valid } = validateCheckpointInput(input);
  const row = checkpointToRow({ ...valid, createdAt: valid.createdAt ?? new Date() });
  return guard(
    'Saving checkpoint',
    () =>
      conn.tx(() => {
        refuseDeletedRun(conn, row.runId);
        if (expectedLatestId !== undefined) checkBranchTip(conn, row.runId, valid.branchId, expectedLatestId);
        const inserted = conn.prepared('checkpoint.insert', () => prepareInsert(conn)).get(row) as { seq: number };
        const record = checkpointFromRow({ ...row, seq: inserted.seq });
        touchRun(conn, record);
        return record;
      }),
    { kind: 'checkpoint', id: row.id },
  );
}

/** StaleCheckpointError unless the latest checkpoint of the branch (none = main line) is `expected` (null = none). */
function checkBranchTip(conn: Connection, runId: string, branchId: string | undefined, expected: string | null): void {
  const main = branchId === undefined;
  const statement = conn.prepared(`checkpoint.tip:${main ? 'main' : 'branch'}`, () =>
    conn.db
      .select({ id: checkpoints.id })
      .from(checkpoints)
      .where(
        and(
          eq(checkpoints.runId, sql.placeholder('runId')),
          main ? isNull(checkpoints.branchId) : eq(checkpoints.branchId, sql.placeholder('branchId')),
        ),
      )
      .orderBy(desc(checkpoints.seq))
      .limit(boundLimit(1))
      .prepare(),
  );
  const tip = statement.get(main ? { runId } : { runId, branchId });
  if ((tip?.id ?? null) !== expected) throw new StaleCheckpointError(runId, branchId, expected ?? '(none)', tip?.id);
}

/**
 * `INSERT INTO checkpoints (every column) SELECT :id, ..., max(COALESCE(MAX(seq), 0), latest_seq of the run) + 1,
 * ... FROM checkpoints WHERE run_id = :runId RETURNING seq` — the SELECT list follows the drizzle column order, so it
 * cannot drift. The catalog's latest_seq keeps seqs increasing after retention deleted the highest ones.
 */
function prepareInsert(conn: Connection) {
  const latestSeq = sql`(SELECT ${runs.latestSeq} FROM ${runs} WHERE ${runs.runId} = ${sql.placeholder('runId')})`;
  const selectList = Object.keys(getTableColumns(checkpoints)).map((key) =>
    key === 'seq'
      ? sql`max(COALESCE(MAX(${checkpoints.seq}), 0), COALESCE(${latestSeq}, 0)) + 1`
      : sql`${sql.placeholder(key)}`,
  );
  return conn.db
    .insert(checkpoints)
    .select(
      sql`SELECT ${sql.join(selectList, sql`, `)} FROM ${checkpoints} WHERE ${checkpoints.runId} = ${sql.placeholder('runId')}`,
    )
    .returning({ seq: checkpoints.seq })
    .prepare();
}

/** The import path: an exported checkpoint inserted as is (id, seq, createdAt kept), the catalog row updated. */
export function restoreCheckpoint(conn: Connection, input: CheckpointRecord): void {
  const record = parseInput(checkpointRecordSchema, input, 'checkpoint');
  const row = { ...checkpointToRow(record), seq: record.seq };
  guard(
    'Restoring checkpoint',
    () =>
      conn.tx(() => {
        refuseDeletedRun(conn, record.runId);
        const taken = conn.db
          .select({ id: checkpoints.id })
          .from(checkpoints)
          .where(and(eq(checkpoints.runId, record.runId), eq(checkpoints.seq, record.seq)))
          .get();
        if (taken && taken.id !== record.id) {
          throw new ConflictError(`Run '${record.runId}' already has a checkpoint with seq ${record.seq} ('${taken.id}').`);
        }
        conn.db.insert(checkpoints).values(row).run(); // an existing id: ConflictError through `guard`
        touchRun(conn, record);
      }),
    { kind: 'checkpoint', id: record.id },
  );
}
