import type { Migration } from './types.js';

/** Session handoffs, progress work items and graph memory (entities + time-bounded relationships). */
export const sessionsProgressGraph: Migration = {
  version: 4,
  name: 'session handoffs, work items, graph',
  async up(ctx) {
    await ctx.useSchema();
    await ctx.tx.unsafe(`
      CREATE TABLE IF NOT EXISTS alma_session_handoffs (
        id TEXT COLLATE "C" PRIMARY KEY, project_id TEXT NOT NULL, agent TEXT NOT NULL, session_id TEXT NOT NULL,
        tenant_id TEXT, last_action TEXT NOT NULL, last_outcome TEXT NOT NULL, current_goal TEXT NOT NULL,
        key_decisions JSONB NOT NULL, active_files JSONB NOT NULL, blockers JSONB NOT NULL, next_steps JSONB NOT NULL,
        test_status JSONB NOT NULL, confidence_level DOUBLE PRECISION NOT NULL, risk_flags JSONB NOT NULL,
        session_start TIMESTAMPTZ NOT NULL, session_end TIMESTAMPTZ, duration_ms BIGINT, metadata JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_session_handoffs_scope
        ON alma_session_handoffs (tenant_id, project_id, agent, created_at DESC NULLS LAST, id);
      CREATE TABLE IF NOT EXISTS alma_work_items (
        id TEXT COLLATE "C" PRIMARY KEY, project_id TEXT NOT NULL, agent TEXT, tenant_id TEXT, title TEXT NOT NULL,
        description TEXT NOT NULL, item_type TEXT NOT NULL, status TEXT NOT NULL, priority INTEGER NOT NULL,
        started_at TIMESTAMPTZ, completed_at TIMESTAMPTZ, time_spent_ms BIGINT NOT NULL, attempt_count BIGINT NOT NULL,
        parent_id TEXT, blocks JSONB NOT NULL, blocked_by JSONB NOT NULL, tests JSONB NOT NULL,
        tests_passing BOOLEAN NOT NULL, acceptance_criteria JSONB NOT NULL, metadata JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_work_items_scope ON alma_work_items (tenant_id, project_id, created_at, id);
      CREATE INDEX IF NOT EXISTS idx_alma_work_items_status ON alma_work_items (project_id, status);
      CREATE TABLE IF NOT EXISTS alma_graph_entities (
        id TEXT COLLATE "C" PRIMARY KEY, project_id TEXT NOT NULL, tenant_id TEXT, name TEXT NOT NULL,
        name_lower TEXT NOT NULL, entity_type TEXT NOT NULL, properties JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_graph_entities_scope ON alma_graph_entities (tenant_id, project_id, created_at, id);
      CREATE INDEX IF NOT EXISTS idx_alma_graph_entities_name ON alma_graph_entities (project_id, name_lower);
      CREATE INDEX IF NOT EXISTS idx_alma_graph_entities_type ON alma_graph_entities (project_id, entity_type);
      CREATE TABLE IF NOT EXISTS alma_graph_relationships (
        id TEXT COLLATE "C" PRIMARY KEY, project_id TEXT NOT NULL, tenant_id TEXT, source_id TEXT NOT NULL,
        target_id TEXT NOT NULL, relation_type TEXT NOT NULL, properties JSONB NOT NULL,
        confidence DOUBLE PRECISION NOT NULL, valid_from TIMESTAMPTZ, valid_to TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_alma_graph_relationships_source ON alma_graph_relationships (source_id);
      CREATE INDEX IF NOT EXISTS idx_alma_graph_relationships_target ON alma_graph_relationships (target_id);
      CREATE INDEX IF NOT EXISTS idx_alma_graph_relationships_scope
        ON alma_graph_relationships (tenant_id, project_id, relation_type, created_at);
    `);
  },
};
