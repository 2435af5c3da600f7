import type { Sql } from 'postgres';

/**
 * Builds a schema the way ALMA (Python) v0.5's PostgreSQLStorage left it: the five `alma_*` tables with TEXT ids,
 * REAL confidences, INTEGER counts, TIMESTAMPTZ times, JSONB metadata and an inline embedding column — VECTOR(dim)
 * with HNSW indexes (one IVFFlat, as older releases built), or BYTEA when pgvector was missing. No version table.
 * Returns the ids it inserted per memory type and which rows carry an embedding.
 */
export async function createLegacyV05Schema(
  sql: Sql,
  schema: string,
  options: { dim: number; bytea?: boolean },
): Promise<{ ids: Record<string, string[]>; embedded: string[] }> {
  const vector = options.bytea ? 'BYTEA' : `VECTOR(${options.dim})`;
  await sql.begin(async (tx) => {
    await tx`SELECT set_config('client_min_messages', 'warning', true)`;
    await tx`CREATE SCHEMA ${tx(schema)}`;
    await tx`SELECT set_config('search_path', format('%I, public', ${schema}::text), true)`;
    await tx.unsafe(`
      CREATE TABLE alma_heuristics (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL,
        condition TEXT NOT NULL, strategy TEXT NOT NULL, confidence REAL DEFAULT 0.0, occurrence_count INTEGER DEFAULT 0,
        success_count INTEGER DEFAULT 0, last_validated TIMESTAMPTZ, created_at TIMESTAMPTZ DEFAULT NOW(),
        metadata JSONB, embedding ${vector});
      CREATE INDEX idx_heuristics_project_agent ON alma_heuristics(project_id, agent);
      CREATE INDEX idx_heuristics_confidence ON alma_heuristics(project_id, confidence DESC);
      CREATE TABLE alma_outcomes (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, task_type TEXT,
        task_description TEXT NOT NULL, success BOOLEAN DEFAULT FALSE, strategy_used TEXT, duration_ms INTEGER,
        error_message TEXT, user_feedback TEXT, timestamp TIMESTAMPTZ DEFAULT NOW(), metadata JSONB, embedding ${vector});
      CREATE INDEX idx_outcomes_project_agent ON alma_outcomes(project_id, agent);
      CREATE TABLE alma_preferences (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, category TEXT, preference TEXT NOT NULL,
        source TEXT, confidence REAL DEFAULT 1.0, timestamp TIMESTAMPTZ DEFAULT NOW(), metadata JSONB);
      CREATE TABLE alma_domain_knowledge (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL, domain TEXT,
        fact TEXT NOT NULL, source TEXT, confidence REAL DEFAULT 1.0, last_verified TIMESTAMPTZ DEFAULT NOW(),
        metadata JSONB, embedding ${vector});
      CREATE TABLE alma_anti_patterns (id TEXT PRIMARY KEY, agent TEXT NOT NULL, project_id TEXT NOT NULL,
        pattern TEXT NOT NULL, why_bad TEXT, better_alternative TEXT, occurrence_count INTEGER DEFAULT 1,
        last_seen TIMESTAMPTZ DEFAULT NOW(), created_at TIMESTAMPTZ DEFAULT NOW(), metadata JSONB, embedding ${vector});
    `);
    if (!options.bytea) {
      await tx.unsafe(`
        CREATE INDEX idx_alma_heuristics_embedding ON alma_heuristics USING hnsw (embedding vector_cosine_ops)
          WITH (m = 16, ef_construction = 64);
        CREATE INDEX idx_alma_outcomes_embedding ON alma_outcomes USING ivfflat (embedding vector_cosine_ops)
          WITH (lists = 1);
      `);
    }
  });
  const vec = (...v: number[]) => (options.bytea ? Buffer.from(new Float32Array(v).buffer) : `[${v.join(',')}]`);
  const t = (i: number) => new Date(Date.UTC(2024, 2, i + 1, 10, 0, 0, i * 123));
  const ids: Record<string, string[]> = { heuristic: [], outcome: [], user_preference: [], domain_knowledge: [], anti_pattern: [] };
  const embedded: string[] = [];
  const at = (table: string) => sql`${sql(schema)}.${sql(table)}`;
  for (let i = 0; i < 3; i++) {
    const h = `heur_${i}`;
    await sql`INSERT INTO ${at('alma_heuristics')} VALUES (${h}, 'helena', 'proj', ${`forms with "quotes" ${i}`},
      'use a fixture', 0.9, 5, 4, ${t(i)}, ${t(i)}, ${sql.json({ legacy: true, i })}, ${vec(1, i, 0)})`;
    ids['heuristic']?.push(h);
    embedded.push(h);
    const o = `out_${i}`;
    await sql`INSERT INTO ${at('alma_outcomes')} (id, agent, project_id, task_type, task_description, success,
      strategy_used, duration_ms, timestamp, metadata) VALUES (${o}, 'helena', 'proj', 'testing', 'ran the suite',
      ${i % 2 === 1}, 'retry', 1200, ${t(i)}, ${i === 2 ? null : sql.json({})})`;
    ids['outcome']?.push(o);
    const p = `pref_${i}`;
    await sql`INSERT INTO ${at('alma_preferences')} VALUES (${p}, 'user-1', 'style', ${`no emojis ${i}`}, 'explicit', 0.7, ${t(i)}, NULL)`;
    ids['user_preference']?.push(p);
    const k = `dk_${i}`;
    await sql`INSERT INTO ${at('alma_domain_knowledge')} VALUES (${k}, 'victor', 'proj', 'api', ${`rate limit is ${i}`},
      'docs', 0.3, ${i === 0 ? null : t(i)}, ${sql.json({})}, ${vec(0, 1, i)})`;
    ids['domain_knowledge']?.push(k);
    embedded.push(k);
    const a = `anti_${i}`;
    await sql`INSERT INTO ${at('alma_anti_patterns')} (id, agent, project_id, pattern, why_bad, better_alternative,
      occurrence_count, last_seen, created_at, metadata) VALUES (${a}, 'victor', 'proj', 'sleep in tests', 'flaky',
      'wait for it', 2, ${t(i)}, ${t(i)}, ${sql.json({})})`;
    ids['anti_pattern']?.push(a);
  }
  return { ids, embedded };
}
