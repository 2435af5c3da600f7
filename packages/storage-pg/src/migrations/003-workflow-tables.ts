import type { Migration } from './types.js';

/**
 * Checkpoints (seq per run from a counter row, UNIQUE(run_id, seq) as the backstop, the branch index for latest-
 * per-branch reads), workflow outcomes with an HNSW-indexed embedding, and artifact links.
 */
export const workflowTables: Migration = {
  version: 3,
  name: 'checkpoints, workflow outcomes, artifact links',
  async up(ctx) {
    await ctx.useSchema();
    await ctx.tx.unsafe(`
      CREATE TABLE IF NOT EXISTS alma_checkpoints (
        id TEXT COLLATE "C" PRIMARY KEY, tenant_id TEXT, workflow_id TEXT, run_id TEXT NOT NULL, node_id TEXT NOT NULL,
        branch_id TEXT, parent_checkpoint_id TEXT, seq INTEGER NOT NULL, state TEXT NOT NULL, state_hash TEXT NOT NULL,
        state_size_bytes BIGINT NOT NULL, encoding TEXT, metadata JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS idx_alma_checkpoints_run_seq ON alma_checkpoints (run_id, seq);
      CREATE INDEX IF NOT EXISTS idx_alma_checkpoints_branch ON alma_checkpoints (run_id, branch_id, seq);
      CREATE INDEX IF NOT EXISTS idx_alma_checkpoints_created ON alma_checkpoints (created_at);
      CREATE TABLE IF NOT EXISTS alma_checkpoint_runs (run_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS alma_workflow_outcomes (
        id TEXT COLLATE "C" PRIMARY KEY, tenant_id TEXT, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL,
        agent TEXT NOT NULL, project_id TEXT NOT NULL, result TEXT NOT NULL, summary TEXT NOT NULL,
        strategies_used JSONB NOT NULL, successful_patterns JSONB NOT NULL, failed_patterns JSONB NOT NULL,
        extracted_heuristics JSONB NOT NULL, extracted_anti_patterns JSONB NOT NULL, duration_seconds DOUBLE PRECISION,
        node_count BIGINT, error_message TEXT, metadata JSONB NOT NULL, embedding VECTOR(${Math.trunc(ctx.dim)}),
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_workflow_outcomes_scope ON alma_workflow_outcomes (tenant_id, project_id, created_at DESC NULLS LAST, id);
      CREATE INDEX IF NOT EXISTS idx_alma_workflow_outcomes_workflow ON alma_workflow_outcomes (workflow_id, run_id);
      CREATE INDEX IF NOT EXISTS idx_alma_workflow_outcomes_agent ON alma_workflow_outcomes (project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_alma_workflow_outcomes_embedding ON alma_workflow_outcomes
        USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
      CREATE TABLE IF NOT EXISTS alma_artifact_links (
        id TEXT COLLATE "C" PRIMARY KEY, memory_id TEXT NOT NULL, tenant_id TEXT, artifact_type TEXT NOT NULL,
        storage_url TEXT NOT NULL, filename TEXT, mime_type TEXT, size_bytes BIGINT, checksum TEXT,
        metadata JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_artifact_links_memory ON alma_artifact_links (memory_id, created_at, id);
    `);
  },
};
