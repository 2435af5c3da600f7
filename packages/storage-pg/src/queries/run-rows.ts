import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { ScopeFilter } from '@alma/types';
import type { Connection, Db } from '../connection.js';
import { tenantConditions } from '../scope-sql.js';

/*
 * Bookkeeping of the run catalog rows (`alma_checkpoint_runs`) on checkpoint deletes; the write path keeps them in
 * step in its own upsert (checkpoint-writes.ts). Each runs in the caller's statement or transaction.
 */

/** Marks the run (in the scope's tenant) deleted: gone from the catalog, refusing further checkpoints. */
export async function tombstoneRun(conn: Connection, db: Db, runId: string, scope: ScopeFilter): Promise<void> {
  const r = conn.t.checkpointRuns;
  await db
    .update(r)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(r.runId, runId), ...tenantConditions(r.tenantId, scope), isNull(r.deletedAt)));
}

/**
 * Deletes the checkpoints matching `where` and takes them off their runs' counters, in one statement:
 * `WITH gone AS (DELETE ... RETURNING ...), sums AS (... GROUP BY run_id), UPDATE alma_checkpoint_runs ... FROM sums`.
 * `last_seq` and the times stay: seqs are never reused, and first/last describe the run's history. Returns how many
 * checkpoints went.
 */
export async function deleteAndSubtract(conn: Connection, db: Db, where: SQL): Promise<number> {
  const { checkpoints: c, checkpointRuns: r } = conn.t;
  const rows = await db.execute<{ n: number }>(sql`
    WITH gone AS (
      DELETE FROM ${c} WHERE ${where}
      RETURNING run_id, state_size_bytes, octet_length(state) AS stored_bytes
    ), sums AS (
      SELECT run_id, count(*) AS n, sum(state_size_bytes) AS state_bytes, sum(stored_bytes) AS stored_bytes
      FROM gone GROUP BY run_id
    ), counted AS (
      UPDATE ${r} SET
        checkpoint_count = GREATEST(${r.checkpointCount} - sums.n, 0),
        state_bytes = GREATEST(${r.stateBytes} - sums.state_bytes, 0),
        stored_bytes = GREATEST(${r.storedBytes} - sums.stored_bytes, 0)
      FROM sums WHERE ${r.runId} = sums.run_id
    )
    SELECT count(*)::int AS n FROM gone`);
  return (rows as unknown as Array<{ n: number }>)[0]?.n ?? 0;
}
