import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/* Migration 005: session handoffs, progress work items and graph memory (part of our storage contract). */

export const sessionHandoffs = sqliteTable(
  'session_handoffs',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    agent: text('agent').notNull(),
    sessionId: text('session_id').notNull(),
    lastAction: text('last_action'),
    lastOutcome: text('last_outcome'),
    currentGoal: text('current_goal'),
    keyDecisions: text('key_decisions'),
    activeFiles: text('active_files'),
    blockers: text('blockers'),
    nextSteps: text('next_steps'),
    testStatus: text('test_status'),
    confidenceLevel: real('confidence_level').default(0.5),
    riskFlags: text('risk_flags'),
    sessionStart: text('session_start'),
    sessionEnd: text('session_end'),
    durationMs: integer('duration_ms'),
    metadata: text('metadata'),
    createdAt: text('created_at'),
    tenantId: text('tenant_id'),
  },
  (t) => [
    index('idx_session_handoffs_project_agent').on(t.projectId, t.agent, t.createdAt),
    index('idx_session_handoffs_tenant').on(t.tenantId, t.projectId, t.createdAt),
  ],
);

export const workItems = sqliteTable(
  'work_items',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    agent: text('agent'),
    tenantId: text('tenant_id'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    itemType: text('item_type').notNull(),
    status: text('status').notNull(),
    priority: integer('priority').notNull(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    timeSpentMs: integer('time_spent_ms').notNull(),
    attemptCount: integer('attempt_count').notNull(),
    parentId: text('parent_id'),
    blocks: text('blocks').notNull(),
    blockedBy: text('blocked_by').notNull(),
    tests: text('tests').notNull(),
    testsPassing: integer('tests_passing').notNull(),
    acceptanceCriteria: text('acceptance_criteria').notNull(),
    metadata: text('metadata').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('idx_work_items_scope').on(t.tenantId, t.projectId, t.createdAt),
    index('idx_work_items_status').on(t.projectId, t.status),
    index('idx_work_items_agent').on(t.projectId, t.agent),
  ],
);

/** `name_lower` holds `name.toLowerCase()` for the case-insensitive name lookup. */
export const graphEntities = sqliteTable(
  'graph_entities',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    tenantId: text('tenant_id'),
    name: text('name').notNull(),
    nameLower: text('name_lower').notNull(),
    entityType: text('entity_type').notNull(),
    properties: text('properties').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('idx_graph_entities_scope').on(t.tenantId, t.projectId, t.createdAt),
    index('idx_graph_entities_name').on(t.projectId, t.nameLower),
    index('idx_graph_entities_type').on(t.projectId, t.entityType),
  ],
);

export const graphRelationships = sqliteTable(
  'graph_relationships',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    tenantId: text('tenant_id'),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    relationType: text('relation_type').notNull(),
    properties: text('properties').notNull(),
    confidence: real('confidence').notNull(),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('idx_graph_relationships_source').on(t.sourceId),
    index('idx_graph_relationships_target').on(t.targetId),
    index('idx_graph_relationships_scope').on(t.tenantId, t.projectId, t.relationType, t.createdAt),
  ],
);
