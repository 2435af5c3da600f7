import {
  idSchema,
  metadataSchema,
  runStatusSchema,
  type Checkpoint,
  type Metadata,
  type RunStatus,
  type WorkflowResult,
} from '@alma/types';
import { z } from 'zod';
import type { RunCompletePolicy } from './options.js';
import type { CheckpointScope } from './scope.js';

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

export const listOptionsSchema = z
  .object({
    branchId: idSchema.nullable().optional(),
    afterSeq: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
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

/**
 * Options of `cleanup()`. A checkpoint is deleted when it meets every given condition; none = the whole run (which
 * a v2 store tombstones: later writes to it are refused). Checkpoints that kept ones need to be decoded (the
 * snapshot a delta builds on) are kept and counted in `spared`.
 */
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
  /**
   * Checkpoints the conditions selected but that stay: the snapshot (and deltas) the oldest kept checkpoint of a
   * branch is rebuilt from, and anything newer than one of them (stores delete a run's checkpoints by seq).
   */
  readonly spared: number;
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
  /** The status recorded in the run catalog (stores with a run catalog), else undefined. */
  readonly status: RunStatus | undefined;
}

/** Options of `mergeStates()`. */
export interface MergeOptions {
  /** Node id of the join checkpoint. @default 'join' */
  readonly nodeId?: string;
  /** Extra metadata; `mergedFrom` is always set by the manager. @default {} */
  readonly metadata?: Metadata;
}

/**
 * Retention policies applied by `prune()`. A checkpoint goes when `keepLastPerBranch` or `maxAgeMs` selects it
 * (as far as the kept ones stay decodable); a whole run goes (tombstoned) when `deleteCompletedAfterMs` does.
 */
export interface RetentionPolicy {
  /** Keep the N latest checkpoints of every branch (the main line counts as one). */
  readonly keepLastPerBranch?: number;
  /** Delete checkpoints created more than this long ago. */
  readonly maxAgeMs?: number;
  /**
   * Delete whole runs whose catalog status is in `completedStatuses` and whose last checkpoint is older than this
   * (needs a store with a run catalog). 0 = as soon as they are completed.
   */
  readonly deleteCompletedAfterMs?: number;
  /** @default ['completed'] */
  readonly completedStatuses?: readonly RunStatus[];
}

export const retentionPolicySchema = z
  .object({
    keepLastPerBranch: z.number().int().min(1, 'keepLastPerBranch must be >= 1 (use maxAgeMs or delete runs)').optional(),
    maxAgeMs: z.number().int().positive().optional(),
    deleteCompletedAfterMs: z.number().int().min(0).optional(),
    completedStatuses: z.array(runStatusSchema).min(1).optional(),
  })
  .strict()
  .refine(
    (p) => p.keepLastPerBranch !== undefined || p.maxAgeMs !== undefined || p.deleteCompletedAfterMs !== undefined,
    'give at least one of keepLastPerBranch, maxAgeMs, deleteCompletedAfterMs',
  );

export interface PruneOptions {
  /** Report what would be removed, remove nothing. @default false */
  readonly dryRun?: boolean;
  /** Whose runs: a tenant (`{ tenantId }`, a WorkflowContext) or `{ allTenants: true }`. @default tenant-less runs */
  readonly scope?: CheckpointScope;
  /** Only these runs. Required on a store without a run catalog. @default every run of the catalog in scope */
  readonly runIds?: readonly string[];
}

/** What `prune()` removed (or, on a dry run, would remove) from one run. */
export interface PruneRunReport {
  readonly runId: string;
  readonly tenantId: string | undefined;
  /** 'delete-run': the whole run went (completed); 'trim': old checkpoints went. */
  readonly action: 'delete-run' | 'trim';
  readonly deleted: number;
  /** Ids of the removed checkpoints. */
  readonly checkpointIds: readonly string[];
  /** Checkpoints the policy selected but kept so that the kept ones stay decodable. */
  readonly spared: number;
}

export interface PruneResult {
  readonly dryRun: boolean;
  /** Runs something was (or would be) removed from or spared in, in catalog order. */
  readonly runs: readonly PruneRunReport[];
  /** Checkpoints removed in total. */
  readonly deleted: number;
  /** Runs deleted as a whole. */
  readonly runsDeleted: number;
}
