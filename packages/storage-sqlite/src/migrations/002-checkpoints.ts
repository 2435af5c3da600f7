import type { Migration } from './types.js';

/** Checkpoints with a store-assigned per-run sequence number; UNIQUE(run_id, seq) forbids duplicates. */
export const checkpointTables: Migration = {
  version: 2,
  name: 'checkpoint tables',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        id TEXT PRIMARY KEY, tenant_id TEXT, workflow_id TEXT, run_id TEXT NOT NULL, node_id TEXT NOT NULL,
        branch_id TEXT, parent_checkpoint_id TEXT, seq INTEGER NOT NULL, state TEXT NOT NULL,
        state_hash TEXT NOT NULL, state_size_bytes INTEGER NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS idx_checkpoints_run_seq ON checkpoints(run_id, seq);
      CREATE INDEX IF NOT EXISTS idx_checkpoints_branch ON checkpoints(run_id, branch_id, seq);
      CREATE INDEX IF NOT EXISTS idx_checkpoints_created ON checkpoints(created_at);
    `);
  },
};
