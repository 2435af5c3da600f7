import { and, asc, desc, eq, getTableColumns, gt, lt, notInArray, sql } from 'drizzle-orm';
import {
  dateSchema,
  idSchema,
  validateCheckpointInput,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type NewCheckpoint,
  type ScopeFilter,
} from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { CHECKPOINT_SCOPE, checkpointFromRow, checkpointToRow } from '../mappers/workflow.js';
import { iso } from '../mappers/values.js';
import { checkpoints } from '../schema/index.js';
import { checkScope, scopeConditions, scopeParams, scopePlaceholderConditions, scopeShape } from '../scope-sql.js';
import { checkpointDeleteSchema, checkpointListSchema, parseQuery } from './query-schemas.js';

const inRun = (runId: string, scope: ScopeFilter) => [eq(checkpoints.runId, runId), ...scopeConditions(CHECKPOINT_SCOPE, scope)];
const checkRunId = (runId: string): string => parseQuery(idSchema, runId, 'runId');

/**
 * Inserts the checkpoint with seq = MAX(seq of the run) + 1 computed by the INSERT itself, inside an IMMEDIATE
 * transaction: the write lock is held from the read of MAX to the commit, so writers in other connections and
 * processes queue (busy timeout, then retry) instead of reading the same MAX. UNIQUE(run_id, seq) backs it up.
 */
export function saveCheckpoint(conn: Connection, input: NewCheckpoint): CheckpointRecord {
  const valid = validateCheckpointInput(input);
  const row = checkpointToRow({ ...valid, createdAt: valid.createdAt ?? new Date() });
  return guard(
    'Saving checkpoint',
    () =>
      conn.tx(() => {
        const inserted = conn.prepared('checkpoint.insert', () => prepareInsert(conn)).get(row) as { seq: number };
        return checkpointFromRow({ ...row, seq: inserted.seq });
      }),
    { kind: 'checkpoint', id: row.id },
  );
}

/**
 * `INSERT INTO checkpoints (every column) SELECT :id, ..., COALESCE(MAX(seq), 0) + 1, ... FROM checkpoints
 * WHERE run_id = :runId RETURNING seq` — the SELECT list follows the drizzle column order, so it cannot drift.
 */
function prepareInsert(conn: Connection) {
  const selectList = Object.keys(getTableColumns(checkpoints)).map((key) =>
    key === 'seq' ? sql`COALESCE(MAX(${checkpoints.seq}), 0) + 1` : sql`${sql.placeholder(key)}`,
  );
  return conn.db
    .insert(checkpoints)
    .select(
      sql`SELECT ${sql.join(selectList, sql`, `)} FROM ${checkpoints} WHERE ${checkpoints.runId} = ${sql.placeholder('runId')}`,
    )
    .returning({ seq: checkpoints.seq })
    .prepare();
}

export function getCheckpoint(conn: Connection, id: string, scope: ScopeFilter): CheckpointRecord | undefined {
  checkScope(scope);
  return guard('Reading checkpoint', () => {
    const statement = conn.prepared(`checkpoint.get:${scopeShape(scope)}`, () =>
      conn.db
        .select()
        .from(checkpoints)
        .where(and(eq(checkpoints.id, sql.placeholder('id')), ...scopePlaceholderConditions(CHECKPOINT_SCOPE, scope)))
        .prepare(),
    );
    const row = statement.get({ id, ...scopeParams(scope) });
    return row ? checkpointFromRow(row) : undefined;
  });
}

/** Run + scope conditions with placeholders (`runId` and the scope values). */
const inRunPrepared = (scope: ScopeFilter) => [
  eq(checkpoints.runId, sql.placeholder('runId')),
  ...scopePlaceholderConditions(CHECKPOINT_SCOPE, scope),
];

export function getLatestCheckpoint(conn: Connection, runId: string, scope: ScopeFilter): CheckpointRecord | undefined {
  checkScope(scope);
  checkRunId(runId);
  return guard('Reading latest checkpoint', () => {
    const statement = conn.prepared(`checkpoint.latest:${scopeShape(scope)}`, () =>
      conn.db
        .select()
        .from(checkpoints)
        .where(and(...inRunPrepared(scope)))
        .orderBy(desc(checkpoints.seq))
        .limit(1)
        .prepare(),
    );
    const row = statement.get({ runId, ...scopeParams(scope) });
    return row ? checkpointFromRow(row) : undefined;
  });
}

/**
 * One row per branch (NULL branch = one branch): SQLite returns the bare columns of the row holding MAX(seq) in
 * each group, so a single indexed GROUP BY answers it.
 */
export function getLatestCheckpointPerBranch(conn: Connection, runId: string, scope: ScopeFilter): CheckpointRecord[] {
  checkScope(scope);
  checkRunId(runId);
  return guard('Reading latest checkpoints per branch', () => {
    const maxSeq = sql<number>`max(${checkpoints.seq})`;
    const rows = conn.db
      .select({ row: checkpoints, maxSeq })
      .from(checkpoints)
      .where(and(...inRun(runId, scope)))
      .groupBy(checkpoints.branchId)
      .orderBy(asc(maxSeq))
      .all();
    return rows.map((r) => checkpointFromRow({ ...r.row, seq: r.maxSeq }));
  });
}

export function listCheckpoints(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointListOptions = {},
): CheckpointRecord[] {
  checkScope(scope);
  checkRunId(runId);
  const o = parseQuery(checkpointListSchema, options, 'checkpoint list options');
  const shape = `${scopeShape(scope)}:${o.branchId === undefined ? '-' : 'b'}${o.afterSeq === undefined ? '-' : 'a'}`;
  return guard('Listing checkpoints', () => {
    const statement = conn.prepared(`checkpoint.list:${shape}`, () => {
      const where = inRunPrepared(scope);
      if (o.branchId !== undefined) where.push(eq(checkpoints.branchId, sql.placeholder('branchId')));
      if (o.afterSeq !== undefined) where.push(gt(checkpoints.seq, sql.placeholder('afterSeq')));
      return conn.db
        .select()
        .from(checkpoints)
        .where(and(...where))
        .orderBy(asc(checkpoints.seq))
        .limit(sql.placeholder('limit'))
        .prepare();
    });
    const params = { runId, ...scopeParams(scope), limit: o.limit ?? 100 };
    if (o.branchId !== undefined) Object.assign(params, { branchId: o.branchId });
    if (o.afterSeq !== undefined) Object.assign(params, { afterSeq: o.afterSeq });
    return statement.all(params).map(checkpointFromRow);
  });
}

/** No option deletes the run (in scope); `keepLast` spares the N highest seqs; `olderThan` only older ones. */
export function deleteCheckpoints(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: CheckpointDeleteOptions = {},
): number {
  checkScope(scope);
  checkRunId(runId);
  const o = parseQuery(checkpointDeleteSchema, options, 'checkpoint delete options');
  const where = inRun(runId, scope);
  if (o.olderThan) where.push(lt(checkpoints.createdAt, iso(o.olderThan)));
  return guard('Deleting checkpoints', () =>
    conn.tx(() => {
      if (o.keepLast !== undefined) {
        const kept = conn.db
          .select({ seq: checkpoints.seq })
          .from(checkpoints)
          .where(and(...inRun(runId, scope)))
          .orderBy(desc(checkpoints.seq))
          .limit(o.keepLast);
        where.push(notInArray(checkpoints.seq, kept));
      }
      return conn.db.delete(checkpoints).where(and(...where)).run().changes;
    }),
  );
}

export function deleteCheckpointsOlderThan(conn: Connection, olderThan: Date, scope: ScopeFilter): number {
  checkScope(scope);
  const before = parseQuery(dateSchema, olderThan, 'olderThan');
  return guard('Deleting old checkpoints', () =>
    conn.db
      .delete(checkpoints)
      .where(and(lt(checkpoints.createdAt, iso(before)), ...scopeConditions(CHECKPOINT_SCOPE, scope)))
      .run().changes,
  );
}
