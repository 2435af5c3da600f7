import { bigint, boolean, doublePrecision, index, text, timestamp } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';
import { jsonb, vector } from './custom-types.js';

type Json = Record<string, unknown>;
const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const count = (name: string) => bigint(name, { mode: 'number' });
const scope = () => ({
  tenantId: text('tenant_id'),
  workflowId: text('workflow_id'),
  runId: text('run_id'),
  nodeId: text('node_id'),
});

/*
 * The five memory tables: ALMA (Python) v0.5's PostgreSQL layout (migration 001) with migration 002's scope columns
 * and exact types. Ids are TEXT COLLATE "C" (byte order for tie-breaks), embeddings inline `vector(dim)` with HNSW
 * cosine indexes, metadata JSONB, times TIMESTAMPTZ.
 */
export function memoryTables(s: PgSchema, dim: number) {
  const heuristics = s.table(
    'alma_heuristics',
    {
      id: text('id').primaryKey(),
      agent: text('agent').notNull(),
      projectId: text('project_id').notNull(),
      condition: text('condition').notNull(),
      strategy: text('strategy').notNull(),
      confidence: doublePrecision('confidence').default(0),
      occurrenceCount: count('occurrence_count').default(0),
      successCount: count('success_count').default(0),
      lastValidated: time('last_validated'),
      createdAt: time('created_at').defaultNow(),
      metadata: jsonb<Json>('metadata'),
      embedding: vector('embedding', dim),
      ...scope(),
    },
    (t) => [
      index('idx_heuristics_project_agent').on(t.projectId, t.agent),
      index('idx_heuristics_confidence').on(t.projectId, t.confidence.desc()),
      index('idx_alma_heuristics_scope').on(t.tenantId, t.projectId, t.agent, t.lastValidated.desc().nullsLast(), t.id),
      index('idx_alma_heuristics_workflow').on(t.workflowId, t.runId, t.nodeId),
      index('idx_alma_heuristics_embedding').using('hnsw', t.embedding.op('vector_cosine_ops')),
    ],
  );

  const outcomes = s.table(
    'alma_outcomes',
    {
      id: text('id').primaryKey(),
      agent: text('agent').notNull(),
      projectId: text('project_id').notNull(),
      taskType: text('task_type'),
      taskDescription: text('task_description').notNull(),
      success: boolean('success').default(false),
      strategyUsed: text('strategy_used'),
      durationMs: count('duration_ms'),
      errorMessage: text('error_message'),
      userFeedback: text('user_feedback'),
      timestamp: time('timestamp').defaultNow(),
      metadata: jsonb<Json>('metadata'),
      embedding: vector('embedding', dim),
      ...scope(),
    },
    (t) => [
      index('idx_outcomes_project_agent').on(t.projectId, t.agent),
      index('idx_outcomes_task_type').on(t.projectId, t.agent, t.taskType),
      index('idx_outcomes_timestamp').on(t.projectId, t.timestamp.desc()),
      index('idx_alma_outcomes_scope').on(t.tenantId, t.projectId, t.agent, t.timestamp.desc().nullsLast(), t.id),
      index('idx_alma_outcomes_workflow').on(t.workflowId, t.runId, t.nodeId),
      index('idx_alma_outcomes_embedding').using('hnsw', t.embedding.op('vector_cosine_ops')),
    ],
  );

  const preferences = s.table(
    'alma_preferences',
    {
      id: text('id').primaryKey(),
      userId: text('user_id').notNull(),
      category: text('category'),
      preference: text('preference').notNull(),
      source: text('source'),
      confidence: doublePrecision('confidence').default(1),
      timestamp: time('timestamp').defaultNow(),
      metadata: jsonb<Json>('metadata'),
      ...scope(),
      projectId: text('project_id'),
    },
    (t) => [
      index('idx_preferences_user').on(t.userId),
      index('idx_alma_preferences_scope').on(t.tenantId, t.userId, t.category, t.timestamp.desc().nullsLast(), t.id),
      index('idx_alma_preferences_workflow').on(t.workflowId, t.runId, t.nodeId),
      index('idx_alma_preferences_project').on(t.projectId),
    ],
  );

  const domainKnowledge = s.table(
    'alma_domain_knowledge',
    {
      id: text('id').primaryKey(),
      agent: text('agent').notNull(),
      projectId: text('project_id').notNull(),
      domain: text('domain'),
      fact: text('fact').notNull(),
      source: text('source'),
      confidence: doublePrecision('confidence').default(1),
      lastVerified: time('last_verified').defaultNow(),
      metadata: jsonb<Json>('metadata'),
      embedding: vector('embedding', dim),
      ...scope(),
    },
    (t) => [
      index('idx_domain_knowledge_project_agent').on(t.projectId, t.agent),
      index('idx_domain_knowledge_confidence').on(t.projectId, t.confidence.desc()),
      index('idx_alma_domain_knowledge_scope').on(t.tenantId, t.projectId, t.agent, t.lastVerified.desc().nullsLast(), t.id),
      index('idx_alma_domain_knowledge_workflow').on(t.workflowId, t.runId, t.nodeId),
      index('idx_alma_domain_knowledge_embedding').using('hnsw', t.embedding.op('vector_cosine_ops')),
    ],
  );

  const antiPatterns = s.table(
    'alma_anti_patterns',
    {
      id: text('id').primaryKey(),
      agent: text('agent').notNull(),
      projectId: text('project_id').notNull(),
      pattern: text('pattern').notNull(),
      whyBad: text('why_bad'),
      betterAlternative: text('better_alternative'),
      occurrenceCount: count('occurrence_count').default(1),
      lastSeen: time('last_seen').defaultNow(),
      createdAt: time('created_at').defaultNow(),
      metadata: jsonb<Json>('metadata'),
      embedding: vector('embedding', dim),
      ...scope(),
    },
    (t) => [
      index('idx_anti_patterns_project_agent').on(t.projectId, t.agent),
      index('idx_alma_anti_patterns_scope').on(t.tenantId, t.projectId, t.agent, t.lastSeen.desc().nullsLast(), t.id),
      index('idx_alma_anti_patterns_workflow').on(t.workflowId, t.runId, t.nodeId),
      index('idx_alma_anti_patterns_embedding').using('hnsw', t.embedding.op('vector_cosine_ops')),
    ],
  );

  return { heuristics, outcomes, preferences, domainKnowledge, antiPatterns };
}
