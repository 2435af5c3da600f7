import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from '@langchain/langgraph-checkpoint';
import {
  ConflictError,
  StateTooLargeError,
  ValidationError,
  type CheckpointRecord,
  type NewCheckpoint,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { ChannelBlobs } from './blobs.js';
import { encodeValue } from './codec.js';
import { optionalCoordinates, readThreadId, requireCoordinates, type Coordinates } from './config.js';
import { checkpointNodeId, checkpointRecordId, threadRunId, writesNodeId } from './keys.js';
import { listTuples } from './list.js';
import { resolveOptions, type AlmaCheckpointSaverOptions } from './options.js';
import { checkpointInfoOf, checkpointRecord, threadRegistryRecord, writesRecord } from './records.js';
import { branchOf, buildTuple, readAll, type ReadContext } from './tuple.js';

/** Room kept for ids, hash, dates and metadata next to the state when a store has a record size limit. */
const RECORD_OVERHEAD_BYTES = 4096;
/** Threads this saver already registered; forgotten in bulk past this size (re-registering is harmless). */
const MAX_REMEMBERED_THREADS = 10_000;

function invalid(operation: string, path: string, message: string): ValidationError {
  return new ValidationError(`AlmaCheckpointSaver.${operation}: ${path} ${message}.`, [{ path, message }]);
}

/**
 * The checkpoint LangGraph hands over, as stored. A checkpoint without a parent keeps only the channels whose
 * version is new in it (`newVersions`): no ancestor could have stored the others, so savers that store one blob per
 * channel version (PostgresSaver) would not return them either. A checkpoint with a parent keeps every channel
 * value LangGraph gives it, so a read needs no walk up the ancestors.
 */
function storedCheckpoint(checkpoint: Checkpoint, newVersions: ChannelVersions, hasParent: boolean): Checkpoint {
  const values = checkpoint.channel_values ?? {};
  let channelValues = values;
  if (!hasParent) {
    channelValues = {};
    for (const key of Object.keys(values)) {
      if (Object.prototype.hasOwnProperty.call(newVersions, key)) channelValues[key] = values[key];
    }
  }
  return {
    v: checkpoint.v,
    id: checkpoint.id,
    ts: checkpoint.ts,
    channel_values: channelValues,
    channel_versions: checkpoint.channel_versions ?? {},
    versions_seen: checkpoint.versions_seen ?? {},
  };
}

/**
 * A LangGraph.js checkpointer (BaseCheckpointSaver) backed by any ALMA store: a thread is an ALMA run, each
 * checkpoint an ALMA checkpoint record (its parent linked), each `putWrites` call one more record beside it.
 * See `keys.ts` for the mapping. Every read and write is scoped to the saver's tenant.
 */
export class AlmaCheckpointSaver extends BaseCheckpointSaver {
  readonly storage: StorageBackend;
  readonly tenantId: string | undefined;
  private readonly scope: ScopeFilter;
  private readonly ctx: ReadContext;
  private readonly registeredThreads = new Set<string>();
  private readonly blobs: ChannelBlobs;

  constructor(options: AlmaCheckpointSaverOptions) {
    const resolved = resolveOptions(options);
    super(resolved.serde);
    this.storage = resolved.storage;
    this.tenantId = resolved.tenantId;
    this.scope = Object.freeze(this.tenantId === undefined ? {} : { tenantId: this.tenantId });
    const currentSerde = () => this.serde; // read at call time: callers may swap `saver.serde`
    this.blobs = new ChannelBlobs(this.storage, this.tenantId, this.scope, currentSerde, (record) => this.checkSize(record, 0));
    this.ctx = {
      storage: this.storage,
      scope: this.scope,
      get serde() {
        return currentSerde();
      },
      nextVersion: (current) => this.getNextVersion(current),
      blobs: this.blobs,
    };
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const at = optionalCoordinates(config, 'getTuple');
    if (at === undefined) return undefined;
    const runId = threadRunId(at.threadId);
    let record: CheckpointRecord | undefined;
    let writes: CheckpointRecord[];
    if (at.checkpointId !== undefined) {
      // One call: the checkpoint's branch holds the checkpoint record and its pending-writes records.
      const branchId = branchOf({ checkpoint_ns: at.ns, checkpoint_id: at.checkpointId });
      const branch = await readAll(this.ctx, runId, { branchId });
      const checkpointNode = checkpointNodeId(at.ns);
      record = branch.find((r) => r.nodeId === checkpointNode);
      writes = branch;
    } else {
      record = await this.storage.getLatestCheckpoint(runId, { ...this.scope, nodeId: checkpointNodeId(at.ns) });
      writes = [];
    }
    const info = record === undefined ? undefined : checkpointInfoOf(record);
    if (record === undefined || info === undefined) return undefined;
    if (at.checkpointId === undefined) writes = await this.writesOf(runId, at.ns, info.checkpoint_id);
    const parentId = info.parent_checkpoint_id;
    const parentWrites = () => (parentId === undefined ? Promise.resolve([]) : this.writesOf(runId, at.ns, parentId));
    return buildTuple(this.ctx, record, info, writes, parentWrites);
  }

  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return listTuples(this.ctx, config, options);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions
  ): Promise<RunnableConfig> {
    const at = requireCoordinates(config, 'put');
    if (
      checkpoint === null ||
      typeof checkpoint !== 'object' ||
      typeof checkpoint.id !== 'string' ||
      checkpoint.id === ''
    ) {
      throw invalid('put', 'checkpoint.id', 'must be a non-empty string');
    }
    const stored = storedCheckpoint(checkpoint, newVersions ?? {}, at.checkpointId !== undefined);
    const parentRecordId =
      at.checkpointId === undefined ? undefined : checkpointRecordId(this.tenantId, at.threadId, at.ns, at.checkpointId);
    const split = await this.blobs.split(stored, newVersions ?? {}, parentRecordId, at);
    const [encodedCheckpoint, encodedMetadata] = await Promise.all([
      encodeValue(this.serde, split.checkpoint),
      encodeValue(this.serde, metadata ?? {}),
    ]);
    const record = checkpointRecord(this.tenantId, at, checkpoint.id, encodedCheckpoint, encodedMetadata, split.blobs);
    this.checkSize(record, encodedMetadata.json.length);
    await this.registerThread(at.threadId);
    await this.blobs.store(split.pending);
    await this.save(record, at, checkpoint.id);
    this.blobs.remember(record.id as string, split.places);
    return { configurable: { thread_id: at.threadId, checkpoint_ns: at.ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const at = requireCoordinates(config, 'putWrites');
    if (at.checkpointId === undefined) throw invalid('putWrites', 'config.configurable.checkpoint_id', 'is required');
    if (typeof taskId !== 'string' || taskId === '') throw invalid('putWrites', 'taskId', 'must be a non-empty string');
    if (!Array.isArray(writes)) throw invalid('putWrites', 'writes', 'must be a list of [channel, value] pairs');
    for (const write of writes) {
      if (!Array.isArray(write) || typeof write[0] !== 'string') {
        throw invalid('putWrites', 'writes', 'must be a list of [channel, value] pairs');
      }
    }
    if (writes.length === 0) return;
    const special = (channel: string) => Object.prototype.hasOwnProperty.call(WRITES_IDX_MAP, channel);
    const encoded = await Promise.all(writes.map(([, value]) => encodeValue(this.serde, value)));
    const entries = writes.map(([channel], i) => ({
      channel,
      idx: special(channel) ? (WRITES_IDX_MAP[channel] as number) : i,
      value: encoded[i] as (typeof encoded)[number],
    }));
    const replace = writes.every(([channel]) => special(channel));
    const where = { ...at, checkpointId: at.checkpointId };
    const record = writesRecord(this.tenantId, where, taskId, taskPath ?? '', entries, replace);
    this.checkSize(record, 0);
    await this.storage.saveCheckpoint(record);
  }

  async deleteThread(threadId: string): Promise<void> {
    const thread = readThreadId(threadId, 'deleteThread', 'threadId');
    // A retention delete (keepLast: 0), not a whole-run delete: LangGraph threads may be reused after deleteThread,
    // and a whole-run delete tombstones the run id in contract v2 stores.
    await this.storage.deleteCheckpoints(threadRunId(thread), this.scope, { keepLast: 0 });
    await this.blobs.deleteThread(thread);
  }

  /** The pending-writes records of one checkpoint. */
  private writesOf(runId: string, ns: string, checkpointId: string): Promise<CheckpointRecord[]> {
    return readAll(this.ctx, runId, {
      branchId: branchOf({ checkpoint_ns: ns, checkpoint_id: checkpointId }),
      nodeId: writesNodeId(ns),
    });
  }

  /** Fails before writing when the store has a record size limit the record would break. */
  private checkSize(record: NewCheckpoint, metadataChars: number): void {
    const max = this.storage.capabilities?.maxRecordBytes;
    if (max === undefined) return;
    const limit = Math.max(0, max - RECORD_OVERHEAD_BYTES - metadataChars * 3);
    if (record.stateSizeBytes > limit) throw new StateTooLargeError(record.stateSizeBytes, limit);
  }

  /**
   * Adds the thread to the tenant's thread registry once per saver (list() without a thread_id reads it). A read
   * comes first: for a known thread it costs no failed write (and no lock), which matters on PostgreSQL and Cosmos.
   */
  private async registerThread(threadId: string): Promise<void> {
    if (this.registeredThreads.has(threadId)) return;
    const entry = threadRegistryRecord(this.tenantId, threadId);
    if ((await this.storage.getCheckpoint(entry.id, this.scope)) === undefined) {
      try {
        await this.storage.saveCheckpoint(entry);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // registered concurrently
      }
    }
    if (this.registeredThreads.size >= MAX_REMEMBERED_THREADS) this.registeredThreads.clear();
    this.registeredThreads.add(threadId);
  }

  /**
   * Stores a checkpoint record. ALMA records are immutable: putting the same checkpoint again is accepted when
   * nothing changed (a retry) and refused with ConflictError when its content differs.
   */
  private async save(record: NewCheckpoint, at: Coordinates, checkpointId: string): Promise<void> {
    try {
      await this.storage.saveCheckpoint(record);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const existing = await this.storage.getCheckpoint(record.id, this.scope);
      if (existing?.stateHash === record.stateHash && existing.parentCheckpointId === record.parentCheckpointId) return;
      throw new ConflictError(
        `Checkpoint '${checkpointId}' of thread '${at.threadId}' (namespace '${at.ns}') is already stored with ` +
          'different content; checkpoints are immutable, put the new state under a new checkpoint id.',
        { cause: error }
      );
    }
  }
}
