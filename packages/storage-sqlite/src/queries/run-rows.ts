import { and, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { ConflictError, type CheckpointRecord, type ScopeFilter } from '@alma/types';
import type { Connection } from '../connection.js';
import { iso } from '../mappers/values.js';
import { checkpoints, runs } from '../schema/index.js';
import { tenantConditions } from '../scope-sql.js';

/*
 * Bookkeeping of the `runs` catalog row. Every function here runs inside the caller's IMMEDIATE transaction, so the
 * row changes in the same commit as the checkpoints it describes.
 */

/** What a checkpoint occupies in the store: the UTF-8 length of its stored `state` text. */
export const storedBytesSql = (state: typeof checkpoints.state = checkpoints.state): SQL<number> =>
  sql<number>`length(CAST(${state} AS BLOB))`;

/** ConflictError when the run was deleted (tombstoned): a late write cannot bring it back. */
export function refuseDeletedRun(conn: Connection, runId: string): void {
  const row = conn
    .prepared('runs.tombstone', () =>
      conn.db
        .select({ deletedAt: runs.deletedAt })
        .from(runs)
        .where(eq(runs.runId, sql.placeholder('runId')))
        .prepare(),
    )
    .get({ runId });
  if (row?.deletedAt) {
    throw new ConflictError(`Run '${runId}' was deleted at ${row.deletedAt}; it takes no more checkpoints.`, {
      details: { runId, deletedAt: row.deletedAt },
    });
  }
}

/** Creates the run's row with its first checkpoint, or adds the checkpoint to its counters, seq and times. */
export function touchRun(conn: Connection, record: CheckpointRecord): void {
  conn
    .prepared('runs.touch', () =>
      conn.db
        .insert(runs)
        .values({
          runId: sql.placeholder('runId'),
          tenantId: sql.placeholder('tenantId'),
          workflowId: sql.placeholder('workflowId'),
          latestSeq: sql.placeholder('seq'),
          firstAt: sql.placeholder('at'),
          lastAt: sql.placeholder('at'),
          checkpointCount: 1,
          stateBytes: sql.placeholder('stateBytes'),
          storedBytes: sql.placeholder('storedBytes'),
        })
        .onConflictDoUpdate({
          target: runs.runId,
          set: {
            latestSeq: sql`max(${runs.latestSeq}, excluded.latest_seq)`,
            firstAt: sql`min(${runs.firstAt}, excluded.first_at)`,
            lastAt: sql`max(${runs.lastAt}, excluded.last_at)`,
            checkpointCount: sql`${runs.checkpointCount} + 1`,
            stateBytes: sql`${runs.stateBytes} + excluded.state_bytes`,
            storedBytes: sql`${runs.storedBytes} + excluded.stored_bytes`,
          },
        })
        .prepare(),
    )
    .run({
      runId: record.runId,
      tenantId: record.tenantId ?? null,
      workflowId: record.workflowId ?? null,
      seq: record.seq,
      at: iso(record.createdAt),
      stateBytes: record.stateSizeBytes,
      storedBytes: Buffer.byteLength(record.state, 'utf8'),
    });
}

/**
 * Takes the checkpoints matching `where` (about to be deleted) off their runs' counters. `latest_seq` and the times
 * stay: seqs are never reused, and first/last describe the run's history.
 */
export function subtractFromRuns(conn: Connection, where: SQL | undefined): void {
  const groups = conn.db
    .select({
      runId: checkpoints.runId,
      n: count(),
      stateBytes: sql<number>`coalesce(sum(${checkpoints.stateSizeBytes}), 0)`,
      storedBytes: sql<number>`coalesce(sum(${storedBytesSql()}), 0)`,
    })
    .from(checkpoints)
    .where(where)
    .groupBy(checkpoints.runId)
    .all();
  for (const g of groups) {
    conn.db
      .update(runs)
      .set({
        checkpointCount: sql`max(${runs.checkpointCount} - ${g.n}, 0)`,
        stateBytes: sql`max(${runs.stateBytes} - ${g.stateBytes}, 0)`,
        storedBytes: sql`max(${runs.storedBytes} - ${g.storedBytes}, 0)`,
      })
      .where(eq(runs.runId, g.runId))
      .run();
  }
}

/** Marks the run (in the scope's tenant) deleted: invisible to the catalog, refusing further checkpoints. */
export function tombstoneRun(conn: Connection, runId: string, scope: ScopeFilter): void {
  conn.db
    .update(runs)
    .set({ deletedAt: iso(new Date()) })
    .where(and(eq(runs.runId, runId), ...tenantConditions(runs.tenantId, scope), isNull(runs.deletedAt)))
    .run();
}
