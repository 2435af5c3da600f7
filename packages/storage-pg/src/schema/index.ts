import { PgSchema } from 'drizzle-orm/pg-core';
import { extraTables } from './extra-tables.js';
import { memoryTables } from './memory-tables.js';
import { workflowTables } from './workflow-tables.js';

/**
 * The drizzle schema of one ALMA deployment: every table inside the PostgreSQL schema `schemaName`, embeddings as
 * `vector(dim)`. A function because both are chosen at run time (several deployments per database).
 */
export function almaTables(schemaName: string, dim: number) {
  // The class, not pgSchema(): pgSchema('public') throws, and an ALMA v0.5 database lives in 'public'.
  const s = new PgSchema(schemaName);
  return { ...memoryTables(s, dim), ...workflowTables(s, dim), ...extraTables(s) };
}

export type AlmaTables = ReturnType<typeof almaTables>;
export { decodeVectorSend, parseVector, vectorLiteral } from './custom-types.js';
