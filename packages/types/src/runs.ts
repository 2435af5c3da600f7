import { z } from 'zod';
import { ValidationError } from './errors.js';
import { idSchema, metadataSchema } from './primitives.js';
import type { ScopeFilter } from './scope-fields.js';

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const runStatusSchema = z.enum(RUN_STATUSES);

/**
 * One run in the run catalog: what a store knows about a workflow run from its checkpoints (counts, sizes, times,
 * branches) plus what the orchestrator told it (status, agent, metadata). Maintained by the store on every
 * checkpoint write and delete.
 */
export interface RunSummary {
  readonly runId: string;
  readonly tenantId?: string;
  readonly workflowId?: string;
  readonly agent?: string;
  readonly status: RunStatus;
  readonly metadata: Record<string, unknown>;
  /** Checkpoints currently stored for the run. */
  readonly checkpointCount: number;
  /** Highest seq ever assigned in the run (survives retention deletes). */
  readonly latestSeq: number;
  /** Sum of the full states' canonical sizes (what the states weigh). */
  readonly stateBytes: number;
  /** Sum of the stored payload sizes (what the store actually holds; smaller with delta encoding). */
  readonly storedBytes: number;
  /** Named branches seen in the run (the main line is not listed), sorted. */
  readonly branches: readonly string[];
  readonly firstAt: Date;
  readonly lastAt: Date;
}

/** Filters of the run catalog; newest first (lastAt, then runId), cursor-paginated. */
export interface RunQuery {
  /** Tenant part only: runs are tenant-isolated. */
  readonly scope: ScopeFilter;
  readonly workflowId?: string;
  readonly agent?: string;
  readonly status?: RunStatus;
  /** Equality on top-level metadata keys (strings, numbers, booleans). */
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  /** From `RunPage.nextCursor`. */
  readonly cursor?: string;
  /** @default 50, at most 1000 */
  readonly limit?: number;
}

export interface RunPage {
  readonly runs: RunSummary[];
  /** Present when more runs match. */
  readonly nextCursor?: string;
}

export const runPatchSchema = z
  .object({
    status: runStatusSchema.optional(),
    agent: idSchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .strict();
/** What `updateRun` may change. `metadata` replaces the whole object. */
export type RunPatch = z.input<typeof runPatchSchema>;

export const runQuerySchema = z
  .object({
    scope: z.custom<ScopeFilter>((v) => typeof v === 'object' && v !== null, 'must be a scope filter'),
    workflowId: idSchema.optional(),
    agent: idSchema.optional(),
    status: runStatusSchema.optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number().finite(), z.boolean()])).optional(),
    cursor: z.string().min(1).max(1024).optional(),
    limit: z.number().int().min(1).max(1000).default(50),
  })
  .strict();

/** Position after the last run of a page: runs sort by (lastAt desc, runId asc). */
export interface RunCursor {
  readonly lastAt: Date;
  readonly runId: string;
}

/** Opaque, URL-safe cursor shared by every store. */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastAt.getTime(), cursor.runId]), 'utf8').toString('base64url');
}

export function decodeRunCursor(text: string): RunCursor {
  try {
    const [ms, runId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof ms === 'number' && Number.isFinite(ms) && typeof runId === 'string') return { lastAt: new Date(ms), runId };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('Invalid run cursor: pass back RunPage.nextCursor unchanged.', [
    { path: 'cursor', message: 'malformed' },
  ]);
}

/** Does a run come after the cursor in catalog order (lastAt desc, runId asc)? */
export function isAfterRunCursor(run: Pick<RunSummary, 'lastAt' | 'runId'>, cursor: RunCursor): boolean {
  const t = run.lastAt.getTime();
  const c = cursor.lastAt.getTime();
  return t < c || (t === c && run.runId > cursor.runId);
}

/** Does a run's metadata match every key of the filter (strict equality on top-level keys)? */
export function matchesRunMetadata(
  metadata: Readonly<Record<string, unknown>>,
  filter: Readonly<Record<string, string | number | boolean>> | undefined,
): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([k, v]) => metadata[k] === v);
}
