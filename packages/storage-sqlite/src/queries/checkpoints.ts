import { and, asc, desc, eq, gt, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
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
import { CHECKPOINT_SCOPE, checkpointFromRow } from '../mappers/workflow.js';
import { iso } from '../mappers/values.js';
import { checkpoints } from '../schema/index.js';
import { checkScope, scopeConditions, scopeParams, scopePlaceholderConditions, scopeShape } from '../scope-sql.js';
import { subtractFromRuns, tombstoneRun } from './run-rows.js';
import { boundLimit } from './limit.js';

export { restoreCheckpoint, saveCheckpoint } from './checkpoint-writes.js';

const inRun = (runId: string, scope: ScopeFilter) => [eq(checkpoints.runId, runId), ...scopeConditions(CHECKPOINT_SCOPE, scope)];
const checkRunId = (runId: string): string => parseQuery(idSchema, runId, 'runId');

/** `options.branchId`: undefined = every branch ('-'), null = the main line ('m'), a string = that branch ('b'). */
const branchShape = (branchId: string | null | undefined): string => (branchId === undefined ? '-' : branchId === null ? 'm' : 'b');
function branchCondition(branchId: string | null | undefined): SQL[] {
  if (branchId === undefined) return [];
  return [branchId === null ? isNull(checkpoints.branchId) : eq(checkpoints.branchId, sql.placeholder('branchId'))];
}
const branchParams = (branchId: string | null | undefined) => (typeof branchId === 'string' ? { branchId } : {});

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

/** Highest seq of the run in scope; `options.branchId` narrows to a branch, `null` to the main line. */
export function getLatestCheckpoint(
  conn: Connection,
  runId: string,
  scope: ScopeFilter,
  options: { readonly branchId?: string | null } = {},
): CheckpointRecord | undefined {
  checkScope(scope);
  checkRunId(runId);
  const { branchId } = parseQuery(latestCheckpointSchema, options, 'latest checkpoint options');
  return guard('Reading latest checkpoint', () => {
    const statement = conn.prepared(`checkpoint.latest:${scopeShape(scope)}:${branchShape(branchId)}`, () =>
      conn.db
        .select()
        .from(checkpoints)
        .where(and(...inRunPrepared(scope), ...branchCondition(branchId)))
        .orderBy(desc(checkpoints.seq))
        .limit(boundLimit(1))
        .prepare(),
    );
    const row = statement.get({ runId, ...scopeParams(scope), ...branchParams(branchId) });
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
    const statement = conn.prepared(`checkpoint.tips:${scopeShape(scope)}`, () => {
      const maxSeq = sql<number>`max(${checkpoints.seq})`;
      return conn.db
        .select({ row: checkpoints, maxSeq })
        .from(checkpoints)
        .where(and(...inRunPrepared(scope)))
        .groupBy(checkpoints.branchId)
        .orderBy(asc(maxSeq))
        .prepare();
    });
    return statement.all({ runId, ...scopeParams(scope) }).map((r) => checkpointFromRow({ ...r.row, seq: r.maxSeq }));
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
  const shape = `${scopeShape(scope)}:${branchShape(o.branchId)}${o.afterSeq === undefined ? '-' : 'a'}`;
  return guard('Listing checkpoints', () => {
    const statement = conn.prepared(`checkpoint.list:${shape}`, () => {
      const where = [...inRunPrepared(scope), ...branchCondition(o.branchId)];
      if (o.afterSeq !== undefined) where.push(gt(checkpoints.seq, sql.placeholder('afterSeq')));
      return conn.db
        .select()
        .from(checkpoints)
        .where(and(...where))
        .orderBy(asc(checkpoints.seq))
        .limit(boundLimit(sql.placeholder('limit')))
        .prepare();
    });
    const params = { runId, ...scopeParams(scope), ...branchParams(o.branchId), limit: o.limit ?? 100 };
    if (o.afterSeq !== undefined) Object.assign(params, { afterSeq: o.afterSeq });
    return statement.all(params).map(checkpointFromRow);
  });
}

/**
 * No option deletes the run (in scope) and tombstones it; `keepLast` spares the N highest seqs; `olderThan` only
 * older ones. The catalog row's counters follow in the same transaction.
 */
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
          .limit(boundLimit(o.keepLast));
        where.push(notInArray(checkpoints.seq, kept));
      }
      subtractFromRuns(conn, and(...where));
      const deleted = conn.db.delete(checkpoints).where(and(...where)).run().changes;
      if (o.keepLast === undefined && o.olderThan === undefined) tombstoneRun(conn, runId, scope);
      return deleted;
    }),
  );
}

export function deleteCheckpointsOlderThan(conn: Connection, olderThan: Date, scope: ScopeFilter): number {
  checkScope(scope);
  const before = parseQuery(dateSchema, olderThan, 'olderThan');
  const where = and(lt(checkpoints.createdAt, iso(before)), ...scopeConditions(CHECKPOINT_SCOPE, scope));
  return guard('Deleting old checkpoints', () =>
    conn.tx(() => {
      subtractFromRuns(conn, where);
      return conn.db.delete(checkpoints).where(where).run().changes;
    }),
  );
}
