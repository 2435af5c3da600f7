import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Migration 002. `seq` is assigned by the store per run; UNIQUE(run_id, seq) makes a duplicate impossible. */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    branchId: text('branch_id'),
    parentCheckpointId: text('parent_checkpoint_id'),
    seq: integer('seq').notNull(),
    state: text('state').notNull(),
    stateHash: text('state_hash').notNull(),
    stateSizeBytes: integer('state_size_bytes').notNull(),
    metadata: text('metadata').notNull(),
    createdAt: text('created_at').notNull(),
    /** Migration 006: 'full' | 'delta'; NULL = absent. */
    encoding: text('encoding'),
  },
  (t) => [
    uniqueIndex('idx_checkpoints_run_seq').on(t.runId, t.seq),
    index('idx_checkpoints_branch').on(t.runId, t.branchId, t.seq),
    index('idx_checkpoints_created').on(t.createdAt),
  ],
);

/**
 * Migration 006: the run catalog, one row per run, maintained with every checkpoint write and delete. `deleted_at`
 * is the tombstone of a deleted run. Listing order is (last_at DESC, run_id) within a tenant.
 */
export const runs = sqliteTable(
  'runs',
  {
    runId: text('run_id').primaryKey(),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    agent: text('agent'),
    status: text('status').notNull().default('running'),
    metadata: text('metadata').notNull().default('{}'),
    latestSeq: integer('latest_seq').notNull().default(0),
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
    checkpointCount: integer('checkpoint_count').notNull().default(0),
    stateBytes: integer('state_bytes').notNull().default(0),
    storedBytes: integer('stored_bytes').notNull().default(0),
    deletedAt: text('deleted_at'),
  },
  (t) => [
    index('idx_runs_recent').on(t.tenantId, sql`${t.lastAt} desc`, t.runId),
    index('idx_runs_workflow').on(t.tenantId, t.workflowId, sql`${t.lastAt} desc`, t.runId),
    index('idx_runs_status').on(t.tenantId, t.status, sql`${t.lastAt} desc`, t.runId),
    index('idx_runs_agent').on(t.tenantId, t.agent, sql`${t.lastAt} desc`, t.runId),
  ],
);

/** Migration 003. The optional embedding lives in `embeddings` with memory_type 'workflow_outcome'. */
export const workflowOutcomes = sqliteTable(
  'workflow_outcomes',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id').notNull(),
    runId: text('run_id').notNull(),
    agent: text('agent').notNull(),
    projectId: text('project_id').notNull(),
    result: text('result').notNull(),
    summary: text('summary').notNull(),
    strategiesUsed: text('strategies_used').notNull(),
    successfulPatterns: text('successful_patterns').notNull(),
    failedPatterns: text('failed_patterns').notNull(),
    extractedHeuristics: text('extracted_heuristics').notNull(),
    extractedAntiPatterns: text('extracted_anti_patterns').notNull(),
    durationSeconds: real('duration_seconds'),
    nodeCount: integer('node_count'),
    errorMessage: text('error_message'),
    metadata: text('metadata').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('idx_workflow_outcomes_project_agent').on(t.projectId, t.agent),
    index('idx_workflow_outcomes_workflow').on(t.workflowId),
    index('idx_workflow_outcomes_tenant').on(t.tenantId, t.projectId, t.createdAt),
  ],
);

/** Migration 004. */
export const artifactLinks = sqliteTable(
  'artifact_links',
  {
    id: text('id').primaryKey(),
    memoryId: text('memory_id').notNull(),
    tenantId: text('tenant_id'),
    artifactType: text('artifact_type').notNull(),
    storageUrl: text('storage_url').notNull(),
    filename: text('filename'),
    mimeType: text('mime_type'),
    sizeBytes: integer('size_bytes'),
    checksum: text('checksum'),
    metadata: text('metadata').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('idx_artifact_links_memory').on(t.memoryId, t.createdAt)],
);
