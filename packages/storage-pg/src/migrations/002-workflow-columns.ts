import { ConfigError } from '@alma/types';
import type { Migration, MigrationContext } from './types.js';

interface MemoryTable {
  readonly table: string;
  /** Leading columns of the scope index after tenant_id (owner, ...) and the type's time field. */
  readonly owner: string;
  readonly time: string;
  readonly counts: readonly string[];
  readonly embedding: boolean;
}

const MEMORY_TABLES: readonly MemoryTable[] = [
  { table: 'alma_heuristics', owner: 'project_id, agent', time: 'last_validated', counts: ['occurrence_count', 'success_count'], embedding: true },
  { table: 'alma_outcomes', owner: 'project_id, agent', time: 'timestamp', counts: ['duration_ms'], embedding: true },
  { table: 'alma_preferences', owner: 'user_id, category', time: 'timestamp', counts: [], embedding: false },
  { table: 'alma_domain_knowledge', owner: 'project_id, agent', time: 'last_verified', counts: [], embedding: true },
  { table: 'alma_anti_patterns', owner: 'project_id, agent', time: 'last_seen', counts: ['occurrence_count'], embedding: true },
];
const SCOPE_COLUMNS = ['tenant_id', 'workflow_id', 'run_id', 'node_id'];

interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  collation: string | null;
}

/** Every column of the memory tables in the schema being migrated, with its type and collation. */
async function memoryColumns(ctx: MigrationContext): Promise<Map<string, ColumnInfo>> {
  const rows = await ctx.tx<ColumnInfo[]>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           co.collname AS collation
    FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
    WHERE n.nspname = ${ctx.schema} AND c.relname IN ${ctx.tx(MEMORY_TABLES.map((m) => m.table))}
      AND a.attnum > 0 AND NOT a.attisdropped`;
  return new Map(rows.map((r) => [`${r.table}.${r.column}`, r]));
}

/**
 * The statements that bring one v0.5 table to the current layout; for a table migration 001 created, only the new
 * columns. A BYTEA embedding (ALMA without pgvector) is kept as `embedding_legacy_bytea` beside a new, empty vector
 * column (re-embed to search those rows); a vector of another dimension is refused.
 */
function alterations(m: MemoryTable, columns: Map<string, ColumnInfo>, ctx: MigrationContext): string[] {
  const col = (name: string) => columns.get(`${m.table}.${name}`);
  const statements: string[] = [];
  const clauses: string[] = [];
  if (col('id')?.collation !== 'C') clauses.push('ALTER COLUMN id TYPE TEXT COLLATE "C"');
  if (col('confidence')?.type === 'real') {
    // Through text: a REAL 0.9 becomes the double 0.9, not 0.8999999761581421.
    clauses.push('ALTER COLUMN confidence TYPE DOUBLE PRECISION USING confidence::text::double precision');
  }
  for (const c of m.counts) if (col(c)?.type === 'integer') clauses.push(`ALTER COLUMN ${c} TYPE BIGINT`);
  for (const c of SCOPE_COLUMNS) if (!col(c)) clauses.push(`ADD COLUMN ${c} TEXT`);
  if (m.table === 'alma_preferences' && !col('project_id')) clauses.push('ADD COLUMN project_id TEXT');
  if (m.embedding) {
    const type = col('embedding')?.type;
    const want = `vector(${ctx.dim})`;
    if (type === 'bytea') {
      statements.push(`ALTER TABLE ${m.table} RENAME COLUMN embedding TO embedding_legacy_bytea`);
      clauses.push(`ADD COLUMN embedding ${want}`);
    } else if (type === undefined) {
      clauses.push(`ADD COLUMN embedding ${want}`);
    } else if (type !== want) {
      throw new ConfigError(
        `Schema '${ctx.schema}' stores ${m.table}.embedding as ${type}, but the store is configured with ` +
          `embeddingDim ${ctx.dim}. Open it with the schema's dimension, or use another schema.`,
      );
    }
  }
  if (clauses.length > 0) statements.push(`ALTER TABLE ${m.table} ${clauses.join(', ')}`);
  return statements;
}

/**
 * ALMA 1.1's workflow columns on the memory tables (tenant_id, workflow_id, run_id, node_id; project_id on
 * preferences) and the column types this adapter round-trips exactly, for schemas ALMA v0.5 created: ids in byte
 * order (COLLATE "C"), confidences DOUBLE PRECISION (REAL values keep their decimal form), counts BIGINT. Then the
 * scope indexes and an HNSW cosine index on every embedding (an older non-HNSW index of that name is replaced).
 * Rows are kept as they are. Tables migration 001 created need only the new columns and indexes.
 */
export const workflowColumns: Migration = {
  version: 2,
  name: 'workflow columns, exact types, scope and HNSW indexes on memory tables',
  async up(ctx) {
    await ctx.useSchema();
    const columns = await memoryColumns(ctx);
    // Catalog tables, not pg_indexes: its pg_get_indexdef() reads every index of the database and fails on one
    // that a concurrent DROP SCHEMA removes.
    const oldIndexes = await ctx.tx<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
      WHERE n.nspname = ${ctx.schema} AND c.relkind = 'i' AND c.relname LIKE 'idx\_alma\_%\_embedding'
        AND am.amname <> 'hnsw'`;
    const statements: string[] = oldIndexes.map((i) => `DROP INDEX "${i.name.replace(/"/g, '""')}"`);
    for (const m of MEMORY_TABLES) {
      statements.push(...alterations(m, columns, ctx));
      statements.push(
        `CREATE INDEX IF NOT EXISTS idx_${m.table}_scope ON ${m.table} (tenant_id, ${m.owner}, ${m.time} DESC NULLS LAST, id)`,
        `CREATE INDEX IF NOT EXISTS idx_${m.table}_workflow ON ${m.table} (workflow_id, run_id, node_id)`,
      );
      if (m.embedding) {
        statements.push(
          `CREATE INDEX IF NOT EXISTS idx_${m.table}_embedding ON ${m.table} USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)`,
        );
      }
    }
    statements.push('CREATE INDEX IF NOT EXISTS idx_alma_preferences_project ON alma_preferences (project_id)');
    await ctx.tx.unsafe(statements.join(';\n'));
  },
};
