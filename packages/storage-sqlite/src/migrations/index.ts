import { baseline } from './000-baseline.js';
import { workflowColumns } from './001-workflow-columns.js';
import { checkpointTables } from './002-checkpoints.js';
import { workflowOutcomeTables } from './003-workflow-outcomes.js';
import { artifactLinkTables } from './004-artifact-links.js';
import { sessionsProgressGraph } from './005-sessions-progress-graph.js';
import { runCatalog } from './006-run-catalog.js';
import type { Migration } from './types.js';

/** Every migration, by version ascending. Append only: never edit or renumber one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  baseline,
  workflowColumns,
  checkpointTables,
  workflowOutcomeTables,
  artifactLinkTables,
  sessionsProgressGraph,
  runCatalog,
];

export type { Migration } from './types.js';
