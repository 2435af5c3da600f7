import { addColumnIfMissing, type Migration } from './types.js';

/**
 * Contract v2: `checkpoints.encoding` (NULL = absent, i.e. a full state) and the `runs` catalog, one row per run with
 * its counters (kept in step by every checkpoint write and delete), what the orchestrator set (status, agent,
 * metadata) and the tombstone (`deleted_at`). Existing checkpoints are summed up into it; tenant and workflow come
 * from each run's first checkpoint. Stored bytes are the UTF-8 length of `state` (`length(CAST(state AS BLOB))`).
 */
export const runCatalog: Migration = {
  version: 6,
  name: 'run catalog, checkpoint encoding',
  up(db) {
    addColumnIfMissing(db, 'checkpoints', 'encoding', 'TEXT');
    db.exec(`
      CREATE TABLE IF NOT EXISTS runs (
        run_id TEXT PRIMARY KEY, tenant_id TEXT, workflow_id TEXT, agent TEXT, status TEXT NOT NULL DEFAULT 'running',
        metadata TEXT NOT NULL DEFAULT '{}', latest_seq INTEGER NOT NULL DEFAULT 0, first_at TEXT NOT NULL,
        last_at TEXT NOT NULL, checkpoint_count INTEGER NOT NULL DEFAULT 0, state_bytes INTEGER NOT NULL DEFAULT 0,
        stored_bytes INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_runs_recent ON runs(tenant_id, last_at DESC, run_id);
      CREATE INDEX IF NOT EXISTS idx_runs_workflow ON runs(tenant_id, workflow_id, last_at DESC, run_id);
      CREATE INDEX IF NOT EXISTS idx_runs_status ON runs(tenant_id, status, last_at DESC, run_id);
      CREATE INDEX IF NOT EXISTS idx_runs_agent ON runs(tenant_id, agent, last_at DESC, run_id);

      INSERT OR IGNORE INTO runs (run_id, tenant_id, workflow_id, latest_seq, first_at, last_at, checkpoint_count,
                                  state_bytes, stored_bytes)
      SELECT c.run_id,
             (SELECT f.tenant_id FROM checkpoints f WHERE f.run_id = c.run_id ORDER BY f.seq LIMIT 1),
             (SELECT f.workflow_id FROM checkpoints f WHERE f.run_id = c.run_id ORDER BY f.seq LIMIT 1),
             MAX(c.seq), MIN(c.created_at), MAX(c.created_at), COUNT(*), SUM(c.state_size_bytes),
             SUM(length(CAST(c.state AS BLOB)))
      FROM checkpoints c
      GROUP BY c.run_id;
    `);
  },
};
