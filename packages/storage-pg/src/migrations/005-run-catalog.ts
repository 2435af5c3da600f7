import type { Migration } from './types.js';

/**
 * Contract v2: the per-run seq counter `alma_checkpoint_runs` becomes the run catalog. Besides `last_seq` (the
 * highest seq handed out, = RunSummary.latestSeq) each row keeps the run's tenant and workflow (from its first
 * checkpoint), what the orchestrator set (status, agent, metadata), its counters (kept in step by every checkpoint
 * write and delete, in the same statement or transaction), its first/last checkpoint times and the tombstone
 * `deleted_at`. Existing checkpoints are summed up into it; a counter row whose checkpoints are all gone keeps NULL
 * times and stays out of the catalog until its run's next checkpoint. Stored bytes: `octet_length(state)`.
 * `run_id` becomes COLLATE "C": the catalog's tie order is byte order, as the shared cursor helpers compare.
 * (`alma_checkpoints.encoding` exists since 003.)
 */
export const runCatalog: Migration = {
  version: 5,
  name: 'run catalog',
  async up(ctx) {
    await ctx.useSchema();
    await ctx.tx.unsafe(`
      ALTER TABLE alma_checkpoint_runs
        ALTER COLUMN run_id TYPE TEXT COLLATE "C",
        ADD COLUMN IF NOT EXISTS tenant_id TEXT,
        ADD COLUMN IF NOT EXISTS workflow_id TEXT,
        ADD COLUMN IF NOT EXISTS agent TEXT,
        ADD COLUMN IF NOT EXISTS status TEXT NOT NULL DEFAULT 'running',
        ADD COLUMN IF NOT EXISTS metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN IF NOT EXISTS checkpoint_count BIGINT NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS state_bytes BIGINT NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS stored_bytes BIGINT NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS first_at TIMESTAMPTZ,
        ADD COLUMN IF NOT EXISTS last_at TIMESTAMPTZ,
        ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMPTZ;

      WITH sums AS (
        SELECT c.run_id,
               (array_agg(c.tenant_id ORDER BY c.seq))[1] AS tenant_id,
               (array_agg(c.workflow_id ORDER BY c.seq))[1] AS workflow_id,
               MAX(c.seq) AS max_seq, COUNT(*) AS n, SUM(c.state_size_bytes) AS state_bytes,
               SUM(octet_length(c.state)) AS stored_bytes, MIN(c.created_at) AS first_at, MAX(c.created_at) AS last_at
        FROM alma_checkpoints c
        GROUP BY c.run_id
      )
      INSERT INTO alma_checkpoint_runs AS r (run_id, last_seq, tenant_id, workflow_id, checkpoint_count, state_bytes,
                                            stored_bytes, first_at, last_at)
      SELECT run_id, max_seq, tenant_id, workflow_id, n, state_bytes, stored_bytes, first_at, last_at FROM sums
      ON CONFLICT (run_id) DO UPDATE SET
        last_seq = GREATEST(r.last_seq, excluded.last_seq), tenant_id = excluded.tenant_id,
        workflow_id = excluded.workflow_id, checkpoint_count = excluded.checkpoint_count,
        state_bytes = excluded.state_bytes, stored_bytes = excluded.stored_bytes, first_at = excluded.first_at,
        last_at = excluded.last_at;

      CREATE INDEX IF NOT EXISTS idx_alma_checkpoint_runs_recent
        ON alma_checkpoint_runs (tenant_id, last_at DESC, run_id);
      CREATE INDEX IF NOT EXISTS idx_alma_checkpoint_runs_workflow
        ON alma_checkpoint_runs (tenant_id, workflow_id, last_at DESC, run_id);
      CREATE INDEX IF NOT EXISTS idx_alma_checkpoint_runs_status
        ON alma_checkpoint_runs (tenant_id, status, last_at DESC, run_id);
    `);
  },
};
