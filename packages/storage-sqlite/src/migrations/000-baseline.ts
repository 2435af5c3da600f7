import type { Migration } from './types.js';

/**
 * ALMA's pre-workflow (v0.5) SQLite layout: the five memory tables and `embeddings`, as ALMA's
 * `sqlite_local._init_database` creates them. `IF NOT EXISTS` makes it a no-op on an existing v0.5 database, so
 * "tables missing" and "tables from ALMA v0.5" both end up at version 0.
 */
export const baseline: Migration = {
  version: 0,
  name: 'baseline (ALMA v0.5 memory tables)',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS heuristics (
        id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, condition TEXT NOT NULL,
        strategy TEXT NOT NULL, confidence REAL DEFAULT 0.0, occurrence_count INTEGER DEFAULT 0,
        success_count INTEGER DEFAULT 0, last_validated TEXT, created_at TEXT, metadata TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_heuristics_project_agent ON heuristics(project_id, agent);

      CREATE TABLE IF NOT EXISTS outcomes (
        id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, task_type TEXT,
        task_description TEXT NOT NULL, success INTEGER DEFAULT 0, strategy_used TEXT, duration_ms INTEGER,
        error_message TEXT, user_feedback TEXT, timestamp TEXT, metadata TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_outcomes_project_agent ON outcomes(project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_outcomes_task_type ON outcomes(project_id, agent, task_type);
      CREATE INDEX IF NOT EXISTS idx_outcomes_timestamp ON outcomes(project_id, timestamp);

      CREATE TABLE IF NOT EXISTS preferences (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, category TEXT, preference TEXT NOT NULL, source TEXT,
        confidence REAL DEFAULT 1.0, timestamp TEXT, metadata TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_preferences_user ON preferences(user_id);

      CREATE TABLE IF NOT EXISTS domain_knowledge (
        id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, domain TEXT, fact TEXT NOT NULL,
        source TEXT, confidence REAL DEFAULT 1.0, last_verified TEXT, metadata TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_domain_knowledge_project_agent ON domain_knowledge(project_id, agent);

      CREATE TABLE IF NOT EXISTS anti_patterns (
        id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, pattern TEXT NOT NULL, why_bad TEXT,
        better_alternative TEXT, occurrence_count INTEGER DEFAULT 1, last_seen TEXT, created_at TEXT, metadata TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_anti_patterns_project_agent ON anti_patterns(project_id, agent);

      CREATE TABLE IF NOT EXISTS embeddings (
        id INTEGER PRIMARY KEY AUTOINCREMENT, memory_type TEXT NOT NULL, memory_id TEXT NOT NULL,
        embedding BLOB NOT NULL, UNIQUE(memory_type, memory_id)
      );
    `);
  },
};
