import { addColumnIfMissing, quoteIdent, type Migration } from './types.js';

/** Each memory table with the column its reads are ordered by, and every time column it holds. */
const MEMORY_TABLES = [
  { table: 'heuristics', order: 'last_validated', times: ['last_validated', 'created_at'], owner: 'agent' },
  { table: 'outcomes', order: 'timestamp', times: ['timestamp'], owner: 'agent' },
  { table: 'domain_knowledge', order: 'last_verified', times: ['last_verified'], owner: 'agent' },
  { table: 'anti_patterns', order: 'last_seen', times: ['last_seen', 'created_at'], owner: 'agent' },
] as const;

/** `Date#toISOString` shape; anything else SQLite can parse (Python isoformat, offsets) is rewritten to it. */
const ISO_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z';

function normaliseTimes(db: Parameters<Migration['up']>[0], table: string, column: string): void {
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  db.prepare(
    `UPDATE ${t} SET ${c} = COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', ${c}), ${c})
     WHERE ${c} IS NOT NULL AND ${c} NOT GLOB ?`,
  ).run(ISO_GLOB);
}

/**
 * ALMA 1.1's workflow columns: tenant_id, workflow_id, run_id, node_id on every memory table (plus project_id on
 * preferences, which our contract carries on all five types), the scope indices, and legacy timestamps rewritten
 * to the sortable ISO form this adapter writes.
 */
export const workflowColumns: Migration = {
  version: 1,
  name: 'workflow columns on memory tables',
  up(db) {
    const all = [...MEMORY_TABLES.map((m) => m.table), 'preferences'];
    for (const table of all) {
      for (const column of ['tenant_id', 'workflow_id', 'run_id', 'node_id']) {
        addColumnIfMissing(db, table, column, 'TEXT');
      }
      db.exec(`CREATE INDEX IF NOT EXISTS idx_${table}_workflow ON ${quoteIdent(table)}(workflow_id, run_id, node_id)`);
    }
    addColumnIfMissing(db, 'preferences', 'project_id', 'TEXT');
    for (const m of MEMORY_TABLES) {
      // Newest-first reads of one agent, and of a whole project.
      db.exec(
        `CREATE INDEX IF NOT EXISTS idx_${m.table}_scope ON ${quoteIdent(m.table)}(tenant_id, project_id, ${m.owner}, ${m.order})`,
      );
      db.exec(`CREATE INDEX IF NOT EXISTS idx_${m.table}_recent ON ${quoteIdent(m.table)}(tenant_id, project_id, ${m.order})`);
      for (const column of m.times) normaliseTimes(db, m.table, column);
    }
    db.exec(`
      CREATE INDEX IF NOT EXISTS idx_preferences_scope ON preferences(tenant_id, user_id, category, timestamp);
      CREATE INDEX IF NOT EXISTS idx_preferences_project ON preferences(tenant_id, project_id, timestamp);
    `);
    normaliseTimes(db, 'preferences', 'timestamp');
  },
};
