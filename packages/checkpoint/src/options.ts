import { ConfigError, DEFAULT_MAX_STATE_SIZE_BYTES } from '@alma/types';
import { z } from 'zod';

/** What `completeRun()` does with a finished run's checkpoints. */
export type RunCompletePolicy = 'keep-all' | 'delete-run' | { readonly keepLast: number };

export interface CheckpointCleanupOptions {
  /**
   * Applied by `completeRun()`: keep everything, delete the whole run, or keep the N highest seqs.
   * @default 'keep-all'
   */
  readonly onRunComplete?: RunCompletePolicy;
  /**
   * Apply `onRunComplete` only to runs that end with result 'success'; failed, partial, cancelled and timed-out
   * runs keep their checkpoints for debugging and resume.
   * @default false
   */
  readonly onlyOnSuccess?: boolean;
  /**
   * Maximum checkpoint age. When set, `completeRun()` also deletes every checkpoint of the context's tenant older
   * than this, and `pruneOlderThan()` without an argument uses it.
   * @default undefined (no age limit)
   */
  readonly maxAgeMs?: number;
}

/** Linear storage: per-checkpoint deltas against the branch's previous checkpoint plus periodic snapshots. */
export interface CheckpointDeltaOptions {
  /**
   * Store deltas where the store supports it (contract v2: it keeps `encoding`, has a run catalog and checks
   * `expectedLatestId` atomically). A v1 store always gets full states.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * A snapshot (full state) is due every N checkpoints of a branch — once the deltas written since the branch's
   * last snapshot also weigh `deltaBudget` times the state (see below).
   * @default 50
   */
  readonly snapshotEvery?: number;
  /**
   * Keeps storage linear when a state keeps growing: a due snapshot waits until the deltas since the last snapshot
   * weigh at least this many times the full state. Snapshots then cost at most 1/deltaBudget of what the deltas
   * weigh (total storage <= (1 + 1/deltaBudget) x the deltas), and a cold read of any checkpoint touches at most
   * (1 + deltaBudget) x its size. 0 = a snapshot strictly every `snapshotEvery` checkpoints, which for a growing
   * state is quadratic (one ever larger copy every N steps).
   * @default 1
   */
  readonly deltaBudget?: number;
  /**
   * Hard cap on the deltas between two snapshots of a branch (bounds the rows a cold read decodes); never below
   * `snapshotEvery`.
   * @default 1000
   */
  readonly maxChainLength?: number;
}

export interface CheckpointManagerOptions {
  /**
   * Largest canonical-JSON state accepted, in UTF-8 bytes. A store with a smaller record limit
   * (`capabilities.maxRecordBytes`) lowers it further.
   * @default 1_048_576 (DEFAULT_MAX_STATE_SIZE_BYTES)
   */
  readonly maxStateSizeBytes?: number;
  /**
   * Reject calls whose context or scope has no tenantId (multi-tenant deployments).
   * @default false
   */
  readonly requireTenant?: boolean;
  /**
   * Skip the write when the state hash equals the branch's previous checkpoint; per call `skipIfUnchanged`
   * overrides it.
   * @default true
   */
  readonly skipUnchanged?: boolean;
  /** Retention. @default { onRunComplete: 'keep-all', onlyOnSuccess: false } */
  readonly cleanup?: CheckpointCleanupOptions;
  /** Delta encoding. @default { enabled: true, snapshotEvery: 50, deltaBudget: 1, maxChainLength: 1000 } */
  readonly delta?: CheckpointDeltaOptions;
  /**
   * Clock for `createdAt` and age-based cleanup.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

const policySchema = z.union([
  z.literal('keep-all'),
  z.literal('delete-run'),
  z.object({ keepLast: z.number().int().min(1, 'keepLast must be >= 1 (use delete-run to delete all)') }).strict(),
]);

export const checkpointManagerOptionsSchema = z
  .object({
    maxStateSizeBytes: z.number().int().positive().default(DEFAULT_MAX_STATE_SIZE_BYTES),
    requireTenant: z.boolean().default(false),
    skipUnchanged: z.boolean().default(true),
    cleanup: z
      .object({
        onRunComplete: policySchema.default('keep-all'),
        onlyOnSuccess: z.boolean().default(false),
        maxAgeMs: z.number().int().positive().optional(),
      })
      .strict()
      .default({ onRunComplete: 'keep-all', onlyOnSuccess: false }),
    delta: z
      .object({
        enabled: z.boolean().default(true),
        snapshotEvery: z.number().int().min(1).max(1_000_000).default(50),
        deltaBudget: z.number().finite().min(0).max(1000).default(1),
        maxChainLength: z.number().int().min(1).max(100_000).default(1000),
      })
      .strict()
      .default({ enabled: true, snapshotEvery: 50, deltaBudget: 1, maxChainLength: 1000 }),
    now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function returning a Date').optional(),
  })
  .strict();

export type ResolvedCheckpointManagerOptions = z.output<typeof checkpointManagerOptionsSchema>;

/** Validates the constructor options; a bad option is a ConfigError naming the key. */
export function resolveOptions(options: unknown): ResolvedCheckpointManagerOptions {
  const result = checkpointManagerOptionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  const summary = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ConfigError(`Invalid CheckpointManager options: ${summary}`, { cause: result.error });
}
