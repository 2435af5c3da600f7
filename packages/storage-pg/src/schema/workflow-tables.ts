import { bigint, doublePrecision, index, integer, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';
import { jsonb, vector } from './custom-types.js';

type Json = Record<string, unknown>;
const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Migration 003: checkpoints (+ the per-run seq counter, the run catalog since 005), workflow outcomes, artifact links. */
export function workflowTables(s: PgSchema, dim: number) {
  /** `seq` comes from `checkpointRuns`; UNIQUE(run_id, seq) makes a duplicate impossible regardless. */
  const checkpoints = s.table(
    'alma_checkpoints',
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
      stateSizeBytes: bigint('state_size_bytes', { mode: 'number' }).notNull(),
      /** How `state` is encoded ('full', 'delta' ...) when the caller says; opaque to the store. */
      encoding: text('encoding'),
      metadata: jsonb<Json>('metadata').notNull(),
      createdAt: time('created_at').notNull(),
    },
    (t) => [
      uniqueIndex('idx_alma_checkpoints_run_seq').on(t.runId, t.seq),
      index('idx_alma_checkpoints_branch').on(t.runId, t.branchId, t.seq),
      index('idx_alma_checkpoints_created').on(t.createdAt),
    ],
  );

  /**
   * The run catalog (migration 005), grown from the per-run seq counter: `last_seq` is the last seq handed out, and
   * an upsert on this row is what serialises concurrent writers of a run. A row with NULL times is a bare counter
   * (its checkpoints were deleted before 005) and stays out of the catalog until the run's next checkpoint.
   */
  const checkpointRuns = s.table(
    'alma_checkpoint_runs',
    {
      runId: text('run_id').primaryKey(),
      lastSeq: integer('last_seq').notNull(),
      tenantId: text('tenant_id'),
      workflowId: text('workflow_id'),
      agent: text('agent'),
      status: text('status').notNull().default('running'),
      metadata: jsonb<Json>('metadata').notNull().default({}),
      checkpointCount: bigint('checkpoint_count', { mode: 'number' }).notNull().default(0),
      stateBytes: bigint('state_bytes', { mode: 'number' }).notNull().default(0),
      storedBytes: bigint('stored_bytes', { mode: 'number' }).notNull().default(0),
      firstAt: time('first_at'),
      lastAt: time('last_at'),
      deletedAt: time('deleted_at'),
    },
    (t) => [
      index('idx_alma_checkpoint_runs_recent').on(t.tenantId, t.lastAt.desc(), t.runId),
      index('idx_alma_checkpoint_runs_workflow').on(t.tenantId, t.workflowId, t.lastAt.desc(), t.runId),
      index('idx_alma_checkpoint_runs_status').on(t.tenantId, t.status, t.lastAt.desc(), t.runId),
    ],
  );

  const workflowOutcomes = s.table(
    'alma_workflow_outcomes',
    {
      id: text('id').primaryKey(),
      tenantId: text('tenant_id'),
      workflowId: text('workflow_id').notNull(),
      runId: text('run_id').notNull(),
      agent: text('agent').notNull(),
      projectId: text('project_id').notNull(),
      result: text('result').notNull(),
      summary: text('summary').notNull(),
      strategiesUsed: jsonb<string[]>('strategies_used').notNull(),
      successfulPatterns: jsonb<string[]>('successful_patterns').notNull(),
      failedPatterns: jsonb<string[]>('failed_patterns').notNull(),
      extractedHeuristics: jsonb<string[]>('extracted_heuristics').notNull(),
      extractedAntiPatterns: jsonb<string[]>('extracted_anti_patterns').notNull(),
      durationSeconds: doublePrecision('duration_seconds'),
      nodeCount: bigint('node_count', { mode: 'number' }),
      errorMessage: text('error_message'),
      metadata: jsonb<Json>('metadata').notNull(),
      embedding: vector('embedding', dim),
      createdAt: time('created_at').notNull(),
    },
    (t) => [
      index('idx_alma_workflow_outcomes_scope').on(t.tenantId, t.projectId, t.createdAt.desc().nullsLast(), t.id),
      index('idx_alma_workflow_outcomes_workflow').on(t.workflowId, t.runId),
      index('idx_alma_workflow_outcomes_agent').on(t.projectId, t.agent),
      index('idx_alma_workflow_outcomes_embedding').using('hnsw', t.embedding.op('vector_cosine_ops')),
    ],
  );

  const artifactLinks = s.table(
    'alma_artifact_links',
    {
      id: text('id').primaryKey(),
      memoryId: text('memory_id').notNull(),
      tenantId: text('tenant_id'),
      artifactType: text('artifact_type').notNull(),
      storageUrl: text('storage_url').notNull(),
      filename: text('filename'),
      mimeType: text('mime_type'),
      sizeBytes: bigint('size_bytes', { mode: 'number' }),
      checksum: text('checksum'),
      metadata: jsonb<Json>('metadata').notNull(),
      createdAt: time('created_at').notNull(),
    },
    (t) => [index('idx_alma_artifact_links_memory').on(t.memoryId, t.createdAt, t.id)],
  );

  return { checkpoints, checkpointRuns, workflowOutcomes, artifactLinks };
}
