import type { Migration } from './types.js';

export const workflowOutcomeTables: Migration = {
  version: 3,
  name: 'workflow outcome tables',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS workflow_outcomes (
        id TEXT PRIMARY KEY, tenant_id TEXT, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, agent TEXT NOT NULL,
        project_id TEXT NOT NULL, result TEXT NOT NULL, summary TEXT NOT NULL, strategies_used TEXT NOT NULL,
        successful_patterns TEXT NOT NULL, failed_patterns TEXT NOT NULL, extracted_heuristics TEXT NOT NULL,
        extracted_anti_patterns TEXT NOT NULL, duration_seconds REAL, node_count INTEGER, error_message TEXT,
        metadata TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_workflow_outcomes_project_agent ON workflow_outcomes(project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_workflow_outcomes_workflow ON workflow_outcomes(workflow_id);
      CREATE INDEX IF NOT EXISTS idx_workflow_outcomes_tenant ON workflow_outcomes(tenant_id, project_id, created_at);
    `);
  },
};
