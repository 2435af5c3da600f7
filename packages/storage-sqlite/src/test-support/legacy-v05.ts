import Database from 'better-sqlite3';

/**
 * Builds a database the way ALMA (Python) v0.5 left it: the five memory tables and `embeddings`, no scope columns,
 * no version table, Python `isoformat()` timestamps, float32 embedding blobs. Returns what it inserted.
 */
export function createLegacyV05Database(path: string): { ids: Record<string, string[]>; embedded: string[] } {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE heuristics (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL,
      condition TEXT NOT NULL, strategy TEXT NOT NULL, confidence REAL DEFAULT 0.0, occurrence_count INTEGER DEFAULT 0,
      success_count INTEGER DEFAULT 0, last_validated TEXT, created_at TEXT, metadata TEXT);
    CREATE INDEX idx_heuristics_project_agent ON heuristics(project_id, agent);
    CREATE TABLE outcomes (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, task_type TEXT,
      task_description TEXT NOT NULL, success INTEGER DEFAULT 0, strategy_used TEXT, duration_ms INTEGER,
      error_message TEXT, user_feedback TEXT, timestamp TEXT, metadata TEXT);
    CREATE TABLE preferences (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, category TEXT, preference TEXT NOT NULL,
      source TEXT, confidence REAL DEFAULT 1.0, timestamp TEXT, metadata TEXT);
    CREATE TABLE domain_knowledge (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, domain TEXT,
      fact TEXT NOT NULL, source TEXT, confidence REAL DEFAULT 1.0, last_verified TEXT, metadata TEXT);
    CREATE TABLE anti_patterns (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL,
      pattern TEXT NOT NULL, why_bad TEXT, better_alternative TEXT, occurrence_count INTEGER DEFAULT 1, last_seen TEXT,
      created_at TEXT, metadata TEXT);
    CREATE TABLE embeddings (id INTEGER PRIMARY KEY AUTOINCREMENT, memory_type TEXT NOT NULL,
      memory_id TEXT NOT NULL, embedding BLOB NOT NULL, UNIQUE(memory_type, memory_id));
  `);
  const vec = (...v: number[]) => Buffer.from(new Float32Array(v).buffer);
  const ids: Record<string, string[]> = { heuristic: [], outcome: [], user_preference: [], domain_knowledge: [], anti_pattern: [] };
  const embedded: string[] = [];
  const tx = db.transaction(() => {
    for (let i = 0; i < 3; i++) {
      const t = `2024-03-0${i + 1}T10:00:00.${i}23456+00:00`;
      const h = `heur_${i}`;
      db.prepare(`INSERT INTO heuristics VALUES (?, 'helena', 'proj', ?, 'use a fixture', 0.8, 5, 4, ?, ?, ?)`).run(
        h, `forms with "quotes" ${i}`, t, t, JSON.stringify({ legacy: true, i }));
      db.prepare(`INSERT INTO embeddings (memory_type, memory_id, embedding) VALUES ('heuristic', ?, ?)`).run(h, vec(1, i, 0));
      ids['heuristic']?.push(h);
      embedded.push(h);
      const o = `out_${i}`;
      db.prepare(`INSERT INTO outcomes VALUES (?, 'helena', 'proj', 'testing', 'ran the suite', ?, 'retry', 1200, NULL, NULL, ?, '{}')`)
        .run(o, i % 2, `2024-03-0${i + 1} 11:00:00`);
      ids['outcome']?.push(o);
      const p = `pref_${i}`;
      db.prepare(`INSERT INTO preferences VALUES (?, 'user-1', 'style', 'no emojis ${i}', 'explicit', 1.0, ?, NULL)`).run(p, t);
      ids['user_preference']?.push(p);
      const k = `dk_${i}`;
      db.prepare(`INSERT INTO domain_knowledge VALUES (?, 'victor', 'proj', 'api', 'rate limit is ${i}', 'docs', 0.9, ?, '{}')`)
        .run(k, t);
      ids['domain_knowledge']?.push(k);
      const a = `anti_${i}`;
      db.prepare(`INSERT INTO anti_patterns VALUES (?, 'victor', 'proj', 'sleep in tests', 'flaky', 'wait for it', 2, ?, ?, '{}')`)
        .run(a, t, t);
      ids['anti_pattern']?.push(a);
    }
  });
  tx();
  db.close();
  return { ids, embedded };
}
