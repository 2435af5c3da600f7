export { exportToJsonl, type ExportOptions, type ExportProgress, type ExportSummary } from './export.js';
export {
  DEFAULT_IMPORT_BATCH,
  importFromJsonl,
  type ConflictPolicy,
  type ImportIssue,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
} from './import.js';
export { decodeRecord, encodeRecord } from './codec.js';
export {
  EXPORT_FORMAT_VERSION,
  PORTABLE_KINDS,
  requireMethod,
  type KindCounts,
  type PortableKind,
  type PortableStorage,
} from './types.js';
