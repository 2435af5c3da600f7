import { StateMerger, type ReducerConfig } from '@alma/reducers';
import {
  ConfigError,
  ConflictError,
  idSchema,
  newId,
  parseInput,
  ValidationError,
  WorkflowContext,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointRecord,
  type Metadata,
  type NewCheckpoint,
  type ScopeFilter,
  type StorageBackend,
  type WorkflowContextInit,
} from '@alma/types';
import { z } from 'zod';
import { cleanupRun } from './cleanup.js';
import { CompletedRuns } from './completed-runs.js';
import { toMergeInputs, type BranchInput } from './merge-input.js';
import { resolveOptions, type CheckpointManagerOptions, type ResolvedCheckpointManagerOptions } from './options.js';
import { toCheckpoint } from './records.js';
import { parseRunId, resolveScope, type CheckpointScope } from './scope.js';
import {
  checkpointOptionsSchema,
  cleanupOptionsSchema,
  type CheckpointOptions,
  type CheckpointResult,
  type CleanupOptions,
  type CleanupResult,
  type CompleteRunOptions,
  type CompleteRunResult,
  type MergeOptions,
  type ResumePoint,
} from './types.js';
import { branchTip, prepareState, resolveParent } from './write-path.js';

const listOptionsSchema = z
  .object({
    branchId: idSchema.optional(),
    afterSeq: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/** The entries of `fields` whose value is not undefined (stores see no `key: undefined`). */
function defined(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A context whose run is known: what every write needs. */
interface RunContext {
  readonly ctx: WorkflowContext;
  readonly runId: string;
  readonly scope: ScopeFilter;
}

/**
 * Saves workflow state after every node and finds the point to resume from after a crash. Store-agnostic: it
 * talks only to the StorageBackend contract, which assigns each checkpoint's seq atomically.
 *
 * Every write validates first and throws before touching the store: ValidationError / TenantRequiredError (bad
 * context or arguments), NotSerializableError (functions, cycles, BigInt, Date, ... in state or metadata),
 * StateTooLargeError (over `maxStateSizeBytes`), StaleCheckpointError (an explicit parent that is no longer the
 * branch's latest), ConflictError (the run was completed by this manager).
 */
export class CheckpointManager {
  readonly options: Readonly<ResolvedCheckpointManagerOptions>;
  private readonly completed = new CompletedRuns();
  private readonly now: () => Date;

  /** @throws ConfigError for a missing store or a bad option (naming it). */
  constructor(
    private readonly storage: StorageBackend,
    options: CheckpointManagerOptions = {},
  ) {
    if (typeof (storage as Partial<StorageBackend> | undefined)?.saveCheckpoint !== 'function') {
      throw new ConfigError('CheckpointManager needs a StorageBackend (e.g. new MemoryStorage()) as first argument.');
    }
    this.options = Object.freeze(resolveOptions(options));
    this.now = this.options.now ?? (() => new Date());
  }

  /**
   * Saves `state` as the checkpoint written after `nodeId`. Skips the write (returning the branch's existing
   * latest checkpoint, `skipped: true`) when the state's hash equals it.
   */
  async checkpoint<S extends object = Record<string, unknown>>(
    context: WorkflowContext | WorkflowContextInit,
    nodeId: string,
    state: S,
    options: CheckpointOptions = {},
  ): Promise<CheckpointResult<S>> {
    const run = this.runContext(context, 'checkpoint');
    const node = parseInput(idSchema, nodeId, 'nodeId');
    const opts = parseInput(checkpointOptionsSchema, options, 'checkpoint options');
    return this.write<S>(run, node, state, opts.branchId ?? run.ctx.branchId, opts);
  }

  /**
   * The last committed checkpoint of the run and the latest of each of its branches, with parsed state; undefined
   * for a run with no checkpoints in scope. Throws only for a malformed runId or a missing required tenant.
   */
  async getResumePoint<S = Record<string, unknown>>(
    runId: string,
    scope?: CheckpointScope,
  ): Promise<ResumePoint<S> | undefined> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'getResumePoint');
    const tips = await this.storage.getLatestCheckpointPerBranch(id, filter);
    if (tips.length === 0) return undefined;
    const branches = [...tips].sort((a, b) => a.seq - b.seq).map((tip) => this.parse<S>(tip));
    const latest = branches[branches.length - 1] as Checkpoint<S>;
    return {
      runId: id,
      tenantId: latest.tenantId,
      workflowId: latest.workflowId,
      nodeId: latest.nodeId,
      seq: latest.seq,
      state: latest.state,
      latest,
      branches,
    };
  }

  /** One checkpoint by id, or undefined when absent or outside the scope. */
  async getCheckpoint<S = Record<string, unknown>>(id: string, scope?: CheckpointScope): Promise<Checkpoint<S> | undefined> {
    const checkpointId = parseInput(idSchema, id, 'checkpoint id');
    const filter = resolveScope(scope, this.options.requireTenant, 'getCheckpoint');
    const record = await this.storage.getCheckpoint(checkpointId, filter);
    return record === undefined ? undefined : this.parse<S>(record);
  }

  /** A run's checkpoints by seq ascending (one page; continue with `afterSeq` = the last seq seen). */
  async listCheckpoints<S = Record<string, unknown>>(
    runId: string,
    scope?: CheckpointScope,
    options: CheckpointListOptions = {},
  ): Promise<Checkpoint<S>[]> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'listCheckpoints');
    const opts = parseInput(listOptionsSchema, options, 'checkpoint list options');
    return (await this.storage.listCheckpoints(id, filter, opts)).map((record) => this.parse<S>(record));
  }

  /**
   * Deletes a run's checkpoints: all of them, all but the `keepLast` highest seqs, those `olderThan` a date, or
   * (both given) those meeting both conditions. `dryRun` counts without deleting.
   */
  async cleanup(runId: string, scope?: CheckpointScope, options: CleanupOptions = {}): Promise<CleanupResult> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'cleanup');
    const { dryRun = false, ...conditions } = parseInput(cleanupOptionsSchema, options, 'cleanup options');
    const deleted = await cleanupRun(this.storage, id, filter, conditions, dryRun);
    return { runId: id, deleted, dryRun };
  }

  /**
   * Marks the context's run completed and applies the configured cleanup policy (`cleanup.onRunComplete`, then
   * `cleanup.maxAgeMs` across the tenant). Later `checkpoint()` calls for the run on this manager are refused.
   */
  async completeRun(
    context: WorkflowContext | WorkflowContextInit,
    options: CompleteRunOptions = {},
  ): Promise<CompleteRunResult> {
    const { ctx, runId, scope } = this.runContext(context, 'completeRun');
    const { cleanup } = this.options;
    const result = options.result ?? 'success';
    this.completed.add(ctx.tenantId, runId);
    const policy = cleanup.onlyOnSuccess && result !== 'success' ? 'keep-all' : cleanup.onRunComplete;
    let deleted = 0;
    if (policy === 'delete-run') deleted = await this.storage.deleteCheckpoints(runId, scope);
    else if (policy !== 'keep-all') deleted = await this.storage.deleteCheckpoints(runId, scope, policy);
    let expired = 0;
    if (cleanup.maxAgeMs !== undefined) {
      expired = await this.storage.deleteCheckpointsOlderThan(new Date(this.now().getTime() - cleanup.maxAgeMs), scope);
    }
    return { runId, policy, deleted, expired };
  }

  /**
   * Deletes every checkpoint in scope (all runs) created before `olderThan`, by default now minus
   * `cleanup.maxAgeMs`. Returns how many were deleted.
   */
  async pruneOlderThan(olderThan?: Date, scope?: CheckpointScope): Promise<number> {
    const filter = resolveScope(scope, this.options.requireTenant, 'pruneOlderThan');
    let cutoff = olderThan;
    if (cutoff === undefined) {
      const { maxAgeMs } = this.options.cleanup;
      if (maxAgeMs === undefined) {
        throw new ValidationError('pruneOlderThan needs a date when cleanup.maxAgeMs is not configured.', [
          { path: 'olderThan', message: 'required without cleanup.maxAgeMs' },
        ]);
      }
      cutoff = new Date(this.now().getTime() - maxAgeMs);
    }
    if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime())) {
      throw new ValidationError('pruneOlderThan needs a valid Date.', [{ path: 'olderThan', message: 'invalid date' }]);
    }
    return this.storage.deleteCheckpointsOlderThan(cutoff, filter);
  }

  /**
   * Joins parallel branches: merges their states with @alma/reducers (`last_value` unless configured) and
   * checkpoints the result on the run's main line, metadata `mergedFrom` = the branch checkpoint ids (or, for raw
   * states, their indexes). A ReducerError or invalid input throws before anything is written.
   */
  async mergeStates(
    context: WorkflowContext | WorkflowContextInit,
    branches: readonly BranchInput[],
    reducerConfig: ReducerConfig | StateMerger = {},
    options: MergeOptions = {},
  ): Promise<CheckpointResult<Record<string, unknown>>> {
    const run = this.runContext(context, 'mergeStates');
    const node = parseInput(idSchema, options.nodeId ?? 'join', 'nodeId');
    const metadata = parseInput(checkpointOptionsSchema.shape.metadata, options.metadata, 'merge metadata') ?? {};
    const { states, mergedFrom } = toMergeInputs(branches, run.runId);
    const merger = reducerConfig instanceof StateMerger ? reducerConfig : new StateMerger(reducerConfig);
    const merged = merger.merge(states);
    return this.write(run, node, merged, undefined, { metadata: { ...metadata, mergedFrom } });
  }

  private runContext(context: WorkflowContext | WorkflowContextInit, operation: string): RunContext {
    const ctx = WorkflowContext.from(context).validate({ requireTenant: this.options.requireTenant, operation });
    if (ctx.runId === undefined) {
      throw new ValidationError(`${operation} needs context.runId (and context.workflowId).`, [
        { path: 'runId', message: 'required' },
      ]);
    }
    return { ctx, runId: ctx.runId, scope: ctx.tenantId === undefined ? {} : { tenantId: ctx.tenantId } };
  }

  private async write<S>(
    { ctx, runId, scope }: RunContext,
    nodeId: string,
    state: unknown,
    branchId: string | undefined,
    opts: { parentCheckpointId?: string; metadata?: Metadata; skipIfUnchanged?: boolean },
  ): Promise<CheckpointResult<S>> {
    const prepared = prepareState(
      state,
      opts.metadata,
      this.options.maxStateSizeBytes,
      this.storage.capabilities.maxRecordBytes,
    );
    if (this.completed.has(ctx.tenantId, runId)) {
      throw new ConflictError(`Run '${runId}' was completed; a late checkpoint write was refused. Nothing was stored.`);
    }
    const tip = await branchTip(this.storage, runId, scope, branchId);
    const parentCheckpointId = await resolveParent(this.storage, runId, scope, branchId, tip, opts.parentCheckpointId);
    const skip = opts.skipIfUnchanged ?? this.options.skipUnchanged;
    if (skip && tip !== undefined && tip.stateHash === prepared.hash) {
      return { checkpoint: this.parse<S>(tip), skipped: true };
    }
    const input: NewCheckpoint = {
      id: newId('ckpt'),
      runId,
      nodeId,
      state: prepared.text,
      stateHash: prepared.hash,
      stateSizeBytes: prepared.sizeBytes,
      metadata: prepared.metadata,
      createdAt: this.now(),
      ...defined({ tenantId: ctx.tenantId, workflowId: ctx.workflowId, branchId, parentCheckpointId }),
    };
    const record = await this.storage.saveCheckpoint(input);
    return { checkpoint: this.parse<S>(record), skipped: false };
  }

  private parse<S>(record: CheckpointRecord): Checkpoint<S> {
    return toCheckpoint<S>(record, this.storage.capabilities.name);
  }
}
