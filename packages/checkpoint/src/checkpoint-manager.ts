import { StateMerger, type ReducerConfig } from '@alma/reducers';
import {
  ConfigError,
  ConflictError,
  idSchema,
  parseInput,
  ValidationError,
  WorkflowContext,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointRecord,
  type Metadata,
  type RunStatus,
  type ScopeFilter,
  type StorageBackend,
  type WorkflowContextInit,
} from '@alma/types';
import { isContractV2, type CatalogStorage } from './capabilities.js';
import { cleanupRun, expireOlderThan } from './cleanup.js';
import { CompletedRuns, STATUS_OF } from './completed-runs.js';
import { StateDecoder } from './decoder.js';
import { toMergeInputs, type BranchInput } from './merge-input.js';
import { resolveOptions, type CheckpointManagerOptions, type ResolvedCheckpointManagerOptions } from './options.js';
import { pruneRuns } from './prune.js';
import { toCheckpoint } from './records.js';
import { parseRunId, resolveScope, type CheckpointScope } from './scope.js';
import {
  checkpointOptionsSchema,
  cleanupOptionsSchema,
  listOptionsSchema,
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
  type ResumePoint,
  type RetentionPolicy,
} from './types.js';
import { CheckpointWriter } from './writer.js';

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
 * Linear storage (storage contract v2): a checkpoint is stored as a delta against its branch's previous one, with
 * periodic snapshots; every read returns the exact full state, checked against its stateHash.
 *
 * Every write validates first and throws before touching the store: ValidationError / TenantRequiredError (bad
 * context or arguments), NotSerializableError (functions, cycles, BigInt, Date, ... in state or metadata),
 * StateTooLargeError (over `maxStateSizeBytes`), StaleCheckpointError (an explicit parent that is no longer the
 * branch's latest — checked atomically by a v2 store), ConflictError (the run was completed or deleted).
 */
export class CheckpointManager {
  readonly options: Readonly<ResolvedCheckpointManagerOptions>;
  private readonly completed = new CompletedRuns();
  private readonly now: () => Date;
  private readonly storage: CatalogStorage;
  private readonly decoder: StateDecoder;
  private readonly writer: CheckpointWriter;

  /** @throws ConfigError for a missing store or a bad option (naming it). */
  constructor(storage: StorageBackend, options: CheckpointManagerOptions = {}) {
    if (typeof (storage as Partial<StorageBackend> | undefined)?.saveCheckpoint !== 'function') {
      throw new ConfigError('CheckpointManager needs a StorageBackend (e.g. new MemoryStorage()) as first argument.');
    }
    this.storage = storage;
    this.options = Object.freeze(resolveOptions(options));
    this.now = this.options.now ?? (() => new Date());
    this.decoder = new StateDecoder(storage);
    this.writer = new CheckpointWriter(storage, this.decoder, this.options, this.now, isContractV2(storage));
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
   * The last committed checkpoint of the run and the latest of each of its branches, with full state; undefined
   * for a run with no checkpoints in scope. Throws for a malformed runId, a missing required tenant, or a stored
   * state that cannot be decoded (StorageError).
   */
  async getResumePoint<S = Record<string, unknown>>(
    runId: string,
    scope?: CheckpointScope,
  ): Promise<ResumePoint<S> | undefined> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'getResumePoint');
    const tips = [...(await this.storage.getLatestCheckpointPerBranch(id, filter))].sort((a, b) => a.seq - b.seq);
    if (tips.length === 0) return undefined;
    const branches: Checkpoint<S>[] = [];
    for (const tip of tips) branches.push(await this.parse<S>(tip));
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

  /** One checkpoint by id with its full state, or undefined when absent or outside the scope. */
  async getCheckpoint<S = Record<string, unknown>>(id: string, scope?: CheckpointScope): Promise<Checkpoint<S> | undefined> {
    const checkpointId = parseInput(idSchema, id, 'checkpoint id');
    const filter = resolveScope(scope, this.options.requireTenant, 'getCheckpoint');
    const record = await this.storage.getCheckpoint(checkpointId, filter);
    return record === undefined ? undefined : this.parse<S>(record);
  }

  /**
   * A run's checkpoints by seq ascending, full states (one page; continue with `afterSeq` = the last seq seen).
   * `branchId`: one branch; null: the main line (a v2 store); omitted: every branch.
   */
  async listCheckpoints<S = Record<string, unknown>>(
    runId: string,
    scope?: CheckpointScope,
    options: CheckpointListOptions = {},
  ): Promise<Checkpoint<S>[]> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'listCheckpoints');
    const opts = parseInput(listOptionsSchema, options, 'checkpoint list options');
    const records = await this.storage.listCheckpoints(id, filter, opts);
    const states = await this.decoder.decodeMany(records);
    return records.map((record, i) => toCheckpoint<S>(record, (states[i] as { text: string }).text, this.adapter));
  }

  /**
   * Deletes a run's checkpoints: all of them (the run is tombstoned on a v2 store), all but the `keepLast` highest
   * seqs, those `olderThan` a date, or (both given) those meeting both conditions — keeping what the kept ones need
   * to be decoded (`spared`). `dryRun` counts without deleting.
   */
  async cleanup(runId: string, scope?: CheckpointScope, options: CleanupOptions = {}): Promise<CleanupResult> {
    const id = parseRunId(runId);
    const filter = resolveScope(scope, this.options.requireTenant, 'cleanup');
    const { dryRun = false, ...conditions } = parseInput(cleanupOptionsSchema, options, 'cleanup options');
    const { deleted, spared } = await cleanupRun(this.storage, id, filter, conditions, dryRun);
    return { runId: id, deleted, spared, dryRun };
  }

  /**
   * Marks the context's run completed: records its status in the run catalog (when the store has one), applies
   * the configured cleanup policy (`cleanup.onRunComplete`, then `cleanup.maxAgeMs` across the tenant). Later
   * `checkpoint()` calls for the run on this manager are refused.
   */
  async completeRun(
    context: WorkflowContext | WorkflowContextInit,
    options: CompleteRunOptions = {},
  ): Promise<CompleteRunResult> {
    const { ctx, runId, scope } = this.runContext(context, 'completeRun');
    const { cleanup } = this.options;
    const result = options.result ?? 'success';
    this.completed.add(ctx.tenantId, runId);
    let status: RunStatus | undefined;
    if (isContractV2(this.storage) && (await this.storage.updateRun(runId, { status: STATUS_OF[result] }, scope))) {
      status = STATUS_OF[result];
    }
    const policy = cleanup.onlyOnSuccess && result !== 'success' ? 'keep-all' : cleanup.onRunComplete;
    let deleted = 0;
    if (policy === 'delete-run') deleted = await this.storage.deleteCheckpoints(runId, scope);
    else if (policy !== 'keep-all') deleted = (await cleanupRun(this.storage, runId, scope, policy, false)).deleted;
    let expired = 0;
    if (cleanup.maxAgeMs !== undefined) {
      expired = await expireOlderThan(this.storage, scope, new Date(this.now().getTime() - cleanup.maxAgeMs));
    }
    return { runId, policy, deleted, expired, status };
  }

  /**
   * Deletes every checkpoint in scope (all runs) created before `olderThan`, by default now minus
   * `cleanup.maxAgeMs`, keeping what kept checkpoints need to be decoded. Returns how many were deleted.
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
    return expireOlderThan(this.storage, filter, cutoff);
  }

  /**
   * The retention sweeper (`alma checkpoints prune`): keep-last-N per branch, max age, and deletion of completed
   * runs after a delay, over every run in scope (run catalog) or `runIds`. Reports per run what it removed; with
   * `dryRun` what it would remove, writing nothing.
   */
  async prune(policy: RetentionPolicy, options: PruneOptions = {}): Promise<PruneResult> {
    const parsed = parseInput(retentionPolicySchema, policy, 'retention policy');
    const filter = resolveScope(options.scope, this.options.requireTenant, 'prune');
    const runIds = options.runIds?.map((runId) => parseRunId(runId));
    return pruneRuns(this.storage, parsed, filter, {
      dryRun: options.dryRun ?? false,
      now: this.now(),
      ...(runIds === undefined ? {} : { runIds }),
    });
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

  private get adapter(): string {
    return this.storage.capabilities.name;
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
    const prepared = this.writer.prepare(state, opts.metadata);
    if (this.completed.has(ctx.tenantId, runId)) {
      throw new ConflictError(`Run '${runId}' was completed; a late checkpoint write was refused. Nothing was stored.`);
    }
    const target = { runId, scope, tenantId: ctx.tenantId, workflowId: ctx.workflowId, nodeId, branchId };
    return this.writer.write<S>(target, prepared, opts);
  }

  private async parse<S>(record: CheckpointRecord): Promise<Checkpoint<S>> {
    return toCheckpoint<S>(record, (await this.decoder.decode(record)).text, this.adapter);
  }
}
