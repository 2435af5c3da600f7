import { blob, index, integer, real, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';

/*
 * The five memory tables and the embeddings table: ALMA's v0.5 SQLite layout (migration 000) plus the scope
 * columns of migration 001. Timestamps are ISO-8601 TEXT (`Date#toISOString`, sortable as text); dict/list fields
 * are JSON TEXT; embeddings are little-endian Float32 BLOBs in `embeddings`, keyed by (memory_type, memory_id).
 */

export const heuristics = sqliteTable(
  'heuristics',
  {
    id: text('id').primaryKey(),
    agent: text('agent').notNull(),
    projectId: text('project_id').notNull(),
    condition: text('condition').notNull(),
    strategy: text('strategy').notNull(),
    confidence: real('confidence').default(0),
    occurrenceCount: integer('occurrence_count').default(0),
    successCount: integer('success_count').default(0),
    lastValidated: text('last_validated'),
    createdAt: text('created_at'),
    metadata: text('metadata'),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
  },
  (t) => [
    index('idx_heuristics_project_agent').on(t.projectId, t.agent),
    index('idx_heuristics_scope').on(t.tenantId, t.projectId, t.agent, t.lastValidated),
    index('idx_heuristics_recent').on(t.tenantId, t.projectId, t.lastValidated),
    index('idx_heuristics_workflow').on(t.workflowId, t.runId, t.nodeId),
  ],
);

export const outcomes = sqliteTable(
  'outcomes',
  {
    id: text('id').primaryKey(),
    agent: text('agent').notNull(),
    projectId: text('project_id').notNull(),
    taskType: text('task_type'),
    taskDescription: text('task_description').notNull(),
    success: integer('success').default(0),
    strategyUsed: text('strategy_used'),
    durationMs: integer('duration_ms'),
    errorMessage: text('error_message'),
    userFeedback: text('user_feedback'),
    timestamp: text('timestamp'),
    metadata: text('metadata'),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
  },
  (t) => [
    index('idx_outcomes_project_agent').on(t.projectId, t.agent),
    index('idx_outcomes_task_type').on(t.projectId, t.agent, t.taskType),
    index('idx_outcomes_timestamp').on(t.projectId, t.timestamp),
    index('idx_outcomes_scope').on(t.tenantId, t.projectId, t.agent, t.timestamp),
    index('idx_outcomes_recent').on(t.tenantId, t.projectId, t.timestamp),
    index('idx_outcomes_workflow').on(t.workflowId, t.runId, t.nodeId),
  ],
);

export const preferences = sqliteTable(
  'preferences',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    category: text('category'),
    preference: text('preference').notNull(),
    source: text('source'),
    confidence: real('confidence').default(1),
    timestamp: text('timestamp'),
    metadata: text('metadata'),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
    projectId: text('project_id'),
  },
  (t) => [
    index('idx_preferences_user').on(t.userId),
    index('idx_preferences_scope').on(t.tenantId, t.userId, t.category, t.timestamp),
    index('idx_preferences_project').on(t.tenantId, t.projectId, t.timestamp),
    index('idx_preferences_workflow').on(t.workflowId, t.runId, t.nodeId),
  ],
);

export const domainKnowledge = sqliteTable(
  'domain_knowledge',
  {
    id: text('id').primaryKey(),
    agent: text('agent').notNull(),
    projectId: text('project_id').notNull(),
    domain: text('domain'),
    fact: text('fact').notNull(),
    source: text('source'),
    confidence: real('confidence').default(1),
    lastVerified: text('last_verified'),
    metadata: text('metadata'),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
  },
  (t) => [
    index('idx_domain_knowledge_project_agent').on(t.projectId, t.agent),
    index('idx_domain_knowledge_scope').on(t.tenantId, t.projectId, t.agent, t.lastVerified),
    index('idx_domain_knowledge_recent').on(t.tenantId, t.projectId, t.lastVerified),
    index('idx_domain_knowledge_workflow').on(t.workflowId, t.runId, t.nodeId),
  ],
);

export const antiPatterns = sqliteTable(
  'anti_patterns',
  {
    id: text('id').primaryKey(),
    agent: text('agent').notNull(),
    projectId: text('project_id').notNull(),
    pattern: text('pattern').notNull(),
    whyBad: text('why_bad'),
    betterAlternative: text('better_alternative'),
    occurrenceCount: integer('occurrence_count').default(1),
    lastSeen: text('last_seen'),
    createdAt: text('created_at'),
    metadata: text('metadata'),
    tenantId: text('tenant_id'),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
  },
  (t) => [
    index('idx_anti_patterns_project_agent').on(t.projectId, t.agent),
    index('idx_anti_patterns_scope').on(t.tenantId, t.projectId, t.agent, t.lastSeen),
    index('idx_anti_patterns_recent').on(t.tenantId, t.projectId, t.lastSeen),
    index('idx_anti_patterns_workflow').on(t.workflowId, t.runId, t.nodeId),
  ],
);

/** One row per embedded record; `memory_type` is a MemoryType or 'workflow_outcome'. */
export const embeddings = sqliteTable(
  'embeddings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memoryType: text('memory_type').notNull(),
    memoryId: text('memory_id').notNull(),
    embedding: blob('embedding', { mode: 'buffer' }).notNull(),
  },
  (t) => [unique().on(t.memoryType, t.memoryId)],
);
