import { addColumnIfMissing, type Migration } from './types.js';

/**
 * Session handoffs, progress work items and graph memory: part of our storage contract. ALMA databases may already
 * hold `session_handoffs` (without tenant_id); it is kept and extended.
 */
export const sessionsProgressGraph: Migration = {
  version: 5,
  name: 'session handoffs, work items, graph',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS session_handoffs (
        id TEXT PRIMARY KEY, project_id TEXT NOT NULL, agent TEXT NOT NULL, session_id TEXT NOT NULL,
        last_action TEXT, last_outcome TEXT, current_goal TEXT, key_decisions TEXT, active_files TEXT, blockers TEXT,
        next_steps TEXT, test_status TEXT, confidence_level REAL DEFAULT 0.5, risk_flags TEXT, session_start TEXT,
        session_end TEXT, duration_ms INTEGER, metadata TEXT, created_at TEXT
      );
    `);
    addColumnIfMissing(db, 'session_handoffs', 'tenant_id', 'TEXT');
    db.exec(`
      CREATE INDEX IF NOT EXISTS idx_session_handoffs_project_agent ON session_handoffs(project_id, agent, created_at);
      CREATE INDEX IF NOT EXISTS idx_session_handoffs_tenant ON session_handoffs(tenant_id, project_id, created_at);

      CREATE TABLE IF NOT EXISTS work_items (
        id TEXT PRIMARY KEY, project_id TEXT NOT NULL, agent TEXT, tenant_id TEXT, title TEXT NOT NULL,
        description TEXT NOT NULL, item_type TEXT NOT NULL, status TEXT NOT NULL, priority INTEGER NOT NULL,
        started_at TEXT, completed_at TEXT, time_spent_ms INTEGER NOT NULL, attempt_count INTEGER NOT NULL,
        parent_id TEXT, blocks TEXT NOT NULL, blocked_by TEXT NOT NULL, tests TEXT NOT NULL,
        tests_passing INTEGER NOT NULL, acceptance_criteria TEXT NOT NULL, metadata TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_work_items_scope ON work_items(tenant_id, project_id, created_at);
      CREATE INDEX IF NOT EXISTS idx_work_items_status ON work_items(project_id, status);
      CREATE INDEX IF NOT EXISTS idx_work_items_agent ON work_items(project_id, agent);

      CREATE TABLE IF NOT EXISTS graph_entities (
        id TEXT PRIMARY KEY, project_id TEXT NOT NULL, tenant_id TEXT, name TEXT NOT NULL, name_lower TEXT NOT NULL,
        entity_type TEXT NOT NULL, properties TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_graph_entities_scope ON graph_entities(tenant_id, project_id, created_at);
      CREATE INDEX IF NOT EXISTS idx_graph_entities_name ON graph_entities(project_id, name_lower);
      CREATE INDEX IF NOT EXISTS idx_graph_entities_type ON graph_entities(project_id, entity_type);

      CREATE TABLE IF NOT EXISTS graph_relationships (
        id TEXT PRIMARY KEY, project_id TEXT NOT NULL, tenant_id TEXT, source_id TEXT NOT NULL,
        target_id TEXT NOT NULL, relation_type TEXT NOT NULL, properties TEXT NOT NULL, confidence REAL NOT NULL,
        valid_from TEXT, valid_to TEXT, created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_graph_relationships_source ON graph_relationships(source_id);
      CREATE INDEX IF NOT EXISTS idx_graph_relationships_target ON graph_relationships(target_id);
      CREATE INDEX IF NOT EXISTS idx_graph_relationships_scope
        ON graph_relationships(tenant_id, project_id, relation_type, created_at);
    `);
  },
};
