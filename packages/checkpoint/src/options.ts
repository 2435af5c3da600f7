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
