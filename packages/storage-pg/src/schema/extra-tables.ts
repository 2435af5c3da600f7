import { bigint, boolean, doublePrecision, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { jsonb } from './custom-types.js';
import type { PgSchema } from 'drizzle-orm/pg-core';

type Json = Record<string, unknown>;
const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (name: string) => jsonb<string[]>(name).notNull();

/** Migration 004: session handoffs, progress work items, graph entities and relationships. */
export function extraTables(s: PgSchema) {
  const sessionHandoffs = s.table(
    'alma_session_handoffs',
    {
      id: text('id').primaryKey(),
      projectId: text('project_id').notNull(),
      agent: text('agent').notNull(),
      sessionId: text('session_id').notNull(),
      tenantId: text('tenant_id'),
      lastAction: text('last_action').notNull(),
      lastOutcome: text('last_outcome').notNull(),
      currentGoal: text('current_goal').notNull(),
      keyDecisions: list('key_decisions'),
      activeFiles: list('active_files'),
      blockers: list('blockers'),
      nextSteps: list('next_steps'),
      testStatus: jsonb<Record<string, boolean>>('test_status').notNull(),
      confidenceLevel: doublePrecision('confidence_level').notNull(),
      riskFlags: list('risk_flags'),
      sessionStart: time('session_start').notNull(),
      sessionEnd: time('session_end'),
      durationMs: bigint('duration_ms', { mode: 'number' }),
      metadata: jsonb<Json>('metadata').notNull(),
      createdAt: time('created_at').notNull(),
    },
    (t) => [index('idx_alma_session_handoffs_scope').on(t.tenantId, t.projectId, t.agent, t.createdAt.desc().nullsLast(), t.id)],
  );

  const workItems = s.table(
    'alma_work_items',
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
      startedAt: time('started_at'),
      completedAt: time('completed_at'),
      timeSpentMs: bigint('time_spent_ms', { mode: 'number' }).notNull(),
      attemptCount: bigint('attempt_count', { mode: 'number' }).notNull(),
      parentId: text('parent_id'),
      blocks: list('blocks'),
      blockedBy: list('blocked_by'),
      tests: list('tests'),
      testsPassing: boolean('tests_passing').notNull(),
      acceptanceCriteria: list('acceptance_criteria'),
      metadata: jsonb<Json>('metadata').notNull(),
      createdAt: time('created_at').notNull(),
      updatedAt: time('updated_at').notNull(),
    },
    (t) => [
      index('idx_alma_work_items_scope').on(t.tenantId, t.projectId, t.createdAt, t.id),
      index('idx_alma_work_items_status').on(t.projectId, t.status),
    ],
  );

  /** `name_lower` holds `name.toLowerCase()` for the case-insensitive name lookup. */
  const graphEntities = s.table(
    'alma_graph_entities',
    {
      id: text('id').primaryKey(),
      projectId: text('project_id').notNull(),
      tenantId: text('tenant_id'),
      name: text('name').notNull(),
      nameLower: text('name_lower').notNull(),
      entityType: text('entity_type').notNull(),
      properties: jsonb<Json>('properties').notNull(),
      createdAt: time('created_at').notNull(),
    },
    (t) => [
      index('idx_alma_graph_entities_scope').on(t.tenantId, t.projectId, t.createdAt, t.id),
      index('idx_alma_graph_entities_name').on(t.projectId, t.nameLower),
      index('idx_alma_graph_entities_type').on(t.projectId, t.entityType),
    ],
  );

  const graphRelationships = s.table(
    'alma_graph_relationships',
    {
      id: text('id').primaryKey(),
      projectId: text('project_id').notNull(),
      tenantId: text('tenant_id'),
      sourceId: text('source_id').notNull(),
      targetId: text('target_id').notNull(),
      relationType: text('relation_type').notNull(),
      properties: jsonb<Json>('properties').notNull(),
      confidence: doublePrecision('confidence').notNull(),
      validFrom: time('valid_from'),
      validTo: time('valid_to'),
      createdAt: time('created_at').notNull(),
    },
    (t) => [
      index('idx_alma_graph_relationships_source').on(t.sourceId),
      index('idx_alma_graph_relationships_target').on(t.targetId),
      index('idx_alma_graph_relationships_scope').on(t.tenantId, t.projectId, t.relationType, t.createdAt),
    ],
  );

  return { sessionHandoffs, workItems, graphEntities, graphRelationships };
}
