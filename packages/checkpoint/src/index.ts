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
// Canonical JSON lives in @alma/types (one implementation, also behind the union reducer); re-exported here.
export { canonicalJson, MAX_CANONICAL_DEPTH } from '@alma/types';
export { sha256Hex } from './hash.js';
