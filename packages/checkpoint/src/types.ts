import { idSchema, metadataSchema, type Checkpoint, type Metadata, type WorkflowResult } from '@alma/types';
import { z } from 'zod';
import type { RunCompletePolicy } from './options.js';

/** Per-call options of `CheckpointManager.checkpoint()`. */
export interface CheckpointOptions {
  /** Branch of a parallel section. @default ctx.branchId (undefined = the run's main line) */
  readonly branchId?: string;
  /**
   * The checkpoint this one continues from. When given it must still be the branch's latest checkpoint (for a
   * branch's first checkpoint: any checkpoint of the run, e.g. the fork point); otherwise the write is refused
   * with a StaleCheckpointError and nothing is stored — a cancelled worker cannot overwrite newer progress.
   * @default the branch's latest checkpoint; for a new branch, the main line's latest
   */
  readonly parentCheckpointId?: string;
  /** JSON metadata stored with the checkpoint (validated like the state). @default {} */
  readonly metadata?: Metadata;
  /** Overrides the manager's `skipUnchanged` for this call. */
  readonly skipIfUnchanged?: boolean;
}

export const checkpointOptionsSchema = z
  .object({
    branchId: idSchema.optional(),
    parentCheckpointId: idSchema.optional(),
    metadata: metadataSchema.optional(),
    skipIfUnchanged: z.boolean().optional(),
  })
  .strict();

/** What `checkpoint()` did: wrote a new checkpoint, or skipped because the state was unchanged. */
export interface CheckpointResult<S> {
  /** The new checkpoint, or (skipped) the branch's existing latest checkpoint with the same state. */
  readonly checkpoint: Checkpoint<S>;
  readonly skipped: boolean;
}

/** Everything an orchestrator needs to resume a run after a crash. */
export interface ResumePoint<S = Record<string, unknown>> {
  readonly runId: string;
  readonly tenantId: string | undefined;
  readonly workflowId: string | undefined;
  /** The node the last committed checkpoint was written after. */
  readonly nodeId: string;
  /** Seq of the last committed checkpoint; the next write gets a higher one. */
  readonly seq: number;
  /** State of the last committed checkpoint (a fresh copy). */
  readonly state: S;
  /** The last committed checkpoint of the run (highest seq, any branch). */
  readonly latest: Checkpoint<S>;
  /**
   * The latest checkpoint of each branch (the main line counts as one, `branchId` undefined), by seq ascending.
   * A run interrupted inside a parallel section resumes each branch from its own entry.
   */
  readonly branches: readonly Checkpoint<S>[];
}

/** Options of `cleanup()`. A checkpoint is deleted when it meets every given condition; none = the whole run. */
export interface CleanupOptions {
  /** Keep the N highest seqs of the run (all branches together). */
  readonly keepLast?: number;
  /** Only checkpoints created before this instant. */
  readonly olderThan?: Date;
  /** Count what would be deleted, delete nothing. @default false */
  readonly dryRun?: boolean;
}

export const cleanupOptionsSchema = z
  .object({
    keepLast: z.number().int().min(0).optional(),
    olderThan: z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid Date').optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

export interface CleanupResult {
  readonly runId: string;
  /** Checkpoints deleted (dry run: that would be deleted). */
  readonly deleted: number;
  readonly dryRun: boolean;
}

export interface CompleteRunOptions {
  /** How the run ended; with `cleanup.onlyOnSuccess` only 'success' applies the policy. @default 'success' */
  readonly result?: WorkflowResult;
}

export interface CompleteRunResult {
  readonly runId: string;
  /** The policy that was applied ('keep-all' when `onlyOnSuccess` spared a non-successful run). */
  readonly policy: RunCompletePolicy;
  /** Checkpoints of this run deleted by the policy. */
  readonly deleted: number;
  /** Checkpoints of the tenant deleted by `cleanup.maxAgeMs` (0 without it). */
  readonly expired: number;
}

/** Options of `mergeStates()`. */
export interface MergeOptions {
  /** Node id of the join checkpoint. @default 'join' */
  readonly nodeId?: string;
  /** Extra metadata; `mergedFrom` is always set by the manager. @default {} */
  readonly metadata?: Metadata;
}
