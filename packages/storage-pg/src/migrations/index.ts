import { baseline } from './001-baseline.js';
import { workflowColumns } from './002-workflow-columns.js';
import { workflowTables } from './003-workflow-tables.js';
import { sessionsProgressGraph } from './004-sessions-progress-graph.js';
import { runCatalog } from './005-run-catalog.js';
import { stateCompression } from './006-state-compression.js';
import type { Migration } from './types.js';

/** Every migration, by version ascending. Append only: never edit or renumber one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  baseline,
  workflowColumns,
  workflowTables,
  sessionsProgressGraph,
  runCatalog,
  stateCompression,
];

export type { Migration, MigrationContext } from './types.js';
