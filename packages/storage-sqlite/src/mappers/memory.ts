import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { memorySpecs, textCodec, type MemorySpec as SqlMemorySpec, type TextForms } from '@alma/storage-sql';
import { antiPatterns, domainKnowledge, heuristics, outcomes, preferences } from '../schema/index.js';

export { minConfidenceCondition } from '@alma/storage-sql';

/**
 * Everything the generic memory queries need to know about one memory type's table: the shared spec
 * (@alma/storage-sql) over SQLite's tables. Embeddings live in `embeddings`: `fromRow(row, vector)` takes one.
 */
export type MemorySpec = SqlMemorySpec<SQLiteTable, SQLiteColumn>;

export const MEMORY_SPECS = memorySpecs<TextForms, SQLiteTable, SQLiteColumn>(textCodec, {
  heuristics,
  outcomes,
  preferences,
  domainKnowledge,
  antiPatterns,
});
export const heuristicSpec: MemorySpec = MEMORY_SPECS.heuristic;
