export { CheckpointManager } from './checkpoint-manager.js';
export {
  checkpointManagerOptionsSchema,
  type CheckpointCleanupOptions,
  type CheckpointManagerOptions,
  type ResolvedCheckpointManagerOptions,
  type RunCompletePolicy,
} from './options.js';
export type {
  CheckpointOptions,
  CheckpointResult,
  CleanupOptions,
  CleanupResult,
  CompleteRunOptions,
  CompleteRunResult,
  MergeOptions,
  ResumePoint,
} from './types.js';
export type { CheckpointScope } from './scope.js';
export { isCheckpoint, type BranchInput } from './merge-input.js';
export { canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json.js';
export { sha256Hex } from './hash.js';
