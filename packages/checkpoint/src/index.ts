export { CheckpointManager } from './checkpoint-manager.js';
export {
  checkpointManagerOptionsSchema,
  type CheckpointCleanupOptions,
  type CheckpointDeltaOptions,
  type CheckpointManagerOptions,
  type ResolvedCheckpointManagerOptions,
  type RunCompletePolicy,
} from './options.js';
export {
  retentionPolicySchema,
  type CheckpointOptions,
  type CheckpointResult,
  type CleanupOptions,
  type CleanupResult,
  type CompleteRunOptions,
  type CompleteRunResult,
  type MergeOptions,
  type PruneOptions,
  type PruneResult,
  type PruneRunReport,
  type ResumePoint,
  type RetentionPolicy,
} from './types.js';
export type { CheckpointScope } from './scope.js';
export { isCheckpoint, type BranchInput } from './merge-input.js';
export { canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json.js';
export { sha256Hex } from './hash.js';
