export {
  assignScope,
  cleanPatch,
  jsonText,
  opt,
  parseJson,
  scopeFields,
  scopeValues,
  stripUndefined,
  type ScopeRow,
} from './values.js';
export {
  nativeCodec,
  optTime,
  textCodec,
  timeOrNull,
  type NativeForms,
  type SqlCodec,
  type StorageForms,
  type StoredJson,
  type TextForms,
} from './codec.js';
export {
  extrasMappers,
  nameKey,
  type EntityRow,
  type HandoffRow,
  type RelationshipRow,
  type WorkItemRow,
} from './rows/extras.js';
export {
  workflowMappers,
  type ArtifactLinkRow,
  type CheckpointRow,
  type RunRow,
  type WorkflowOutcomeRow,
} from './rows/workflow.js';
export {
  memoryMappers,
  type AntiPatternRow,
  type DomainKnowledgeRow,
  type HeuristicRow,
  type OutcomeRow,
  type PreferenceRow,
} from './rows/memory.js';
export { MEMORY_KINDS, memorySpecs, minConfidenceCondition, type MemorySpec, type MemoryTables } from './memory-specs.js';
export { workflowOutcomeFilters, type WorkflowOutcomeColumns } from './query-filters.js';
export { checkScope, scopeParams, scopeShape, scopeSql, type ScopeColumns, type ScopeSql } from './scope-sql.js';
export {
  byVersion,
  checkNotNewer,
  latestVersion,
  migrationStatusOf,
  MIGRATIONS_TABLE,
  padVersion,
  type MigratingPackage,
  type MigrationInfo,
  type MigrationResult,
  type MigrationStatus,
  type MigrationStatusEntry,
} from './migrations.js';
export { runMigrateCommand, statusLines, upLines, type CliIo, type MigrateCommand, type MigrateTarget } from './cli.js';
export {
  EXPORT_BATCH,
  EXPORT_CHECKPOINT_BATCH,
  exportRecords,
  keysetPages,
  type CheckpointKey,
  type ExportReaders,
  type PageReader,
  type ReadPage,
} from './export.js';
