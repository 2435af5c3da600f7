import type { Migration } from './types.js';

/**
 * pgvector, then ALMA (Python) v0.5's PostgreSQL layout: the five `alma_*` memory tables with inline
 * `VECTOR(dim)` embeddings and ALMA's indexes. `IF NOT EXISTS` makes it a no-op on an existing v0.5 schema, so
 * "tables missing" and "tables from ALMA v0.5" both end up at version 1. New tables get the exact column types
 * right away (ids COLLATE "C", DOUBLE PRECISION confidences, BIGINT counts) where ALMA used TEXT/REAL/INTEGER;
 * migration 002 converts a v0.5 schema's columns. drizzle-kit does not emit CREATE EXTENSION, hence this
 * hand-written migration.
 */
export const baseline: Migration = {
  version: 1,
  name: 'pgvector + baseline (ALMA v0.5 memory tables)',
  async up(ctx) {
    const { tx } = ctx;
    // Database-wide: serialise CREATE EXTENSION between processes migrating different schemas.
    await tx`SELECT pg_advisory_xact_lock(hashtext('alma-storage-pg'), hashtext(' vector extension'))`;
    const [found] = await tx`SELECT 1 AS ok FROM pg_extension WHERE extname = 'vector'`;
    if (!found) await tx`CREATE EXTENSION IF NOT EXISTS vector`;
    await ctx.useSchema();
    const vector = `VECTOR(${Math.trunc(ctx.dim)})`;
    const id = 'TEXT COLLATE "C" PRIMARY KEY';
    const real = 'DOUBLE PRECISION';
    const integer = 'BIGINT';
    await tx.unsafe(`
      CREATE TABLE IF NOT EXISTS alma_heuristics (
        id ${id}, agent TEXT NOT NULL, project_id TEXT NOT NULL, condition TEXT NOT NULL,
        strategy TEXT NOT NULL, confidence ${real} DEFAULT 0.0, occurrence_count ${integer} DEFAULT 0,
        success_count ${integer} DEFAULT 0, last_validated TIMESTAMPTZ, created_at TIMESTAMPTZ DEFAULT NOW(),
        metadata JSONB, embedding ${vector}
      );
      CREATE INDEX IF NOT EXISTS idx_heuristics_project_agent ON alma_heuristics(project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_heuristics_confidence ON alma_heuristics(project_id, confidence DESC);
      CREATE TABLE IF NOT EXISTS alma_outcomes (
        id ${id}, agent TEXT NOT NULL, project_id TEXT NOT NULL, task_type TEXT,
        task_description TEXT NOT NULL, success BOOLEAN DEFAULT FALSE, strategy_used TEXT, duration_ms ${integer},
        error_message TEXT, user_feedback TEXT, timestamp TIMESTAMPTZ DEFAULT NOW(), metadata JSONB,
        embedding ${vector}
      );
      CREATE INDEX IF NOT EXISTS idx_outcomes_project_agent ON alma_outcomes(project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_outcomes_task_type ON alma_outcomes(project_id, agent, task_type);
      CREATE INDEX IF NOT EXISTS idx_outcomes_timestamp ON alma_outcomes(project_id, timestamp DESC);
      CREATE TABLE IF NOT EXISTS alma_preferences (
        id ${id}, user_id TEXT NOT NULL, category TEXT, preference TEXT NOT NULL, source TEXT,
        confidence ${real} DEFAULT 1.0, timestamp TIMESTAMPTZ DEFAULT NOW(), metadata JSONB
      );
      CREATE INDEX IF NOT EXISTS idx_preferences_user ON alma_preferences(user_id);
      CREATE TABLE IF NOT EXISTS alma_domain_knowledge (
        id ${id}, agent TEXT NOT NULL, project_id TEXT NOT NULL, domain TEXT, fact TEXT NOT NULL,
        source TEXT, confidence ${real} DEFAULT 1.0, last_verified TIMESTAMPTZ DEFAULT NOW(), metadata JSONB,
        embedding ${vector}
      );
      CREATE INDEX IF NOT EXISTS idx_domain_knowledge_project_agent ON alma_domain_knowledge(project_id, agent);
      CREATE INDEX IF NOT EXISTS idx_domain_knowledge_confidence ON alma_domain_knowledge(project_id, confidence DESC);
      CREATE TABLE IF NOT EXISTS alma_anti_patterns (
        id ${id}, agent TEXT NOT NULL, project_id TEXT NOT NULL, pattern TEXT NOT NULL, why_bad TEXT,
        better_alternative TEXT, occurrence_count ${integer} DEFAULT 1, last_seen TIMESTAMPTZ DEFAULT NOW(),
        created_at TIMESTAMPTZ DEFAULT NOW(), metadata JSONB, embedding ${vector}
      );
      CREATE INDEX IF NOT EXISTS idx_anti_patterns_project_agent ON alma_anti_patterns(project_id, agent);
    `);
  },
};
