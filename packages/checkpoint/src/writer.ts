import {
  newId,
  StaleCheckpointError,
  StorageError,
  type CheckpointRecord,
  type Metadata,
  type NewCheckpoint,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { utf8Bytes } from './utf8.js';
import { fromEntries, type StateDecoder } from './decoder.js';
import { encodeDelta } from './delta-codec.js';
import type { ResolvedCheckpointManagerOptions } from './options.js';
import { toCheckpoint, writtenCheckpoint } from './records.js';
import { writeAsDelta } from './snapshot-policy.js';
import type { ChainInfo, DecodedState } from './tip-cache.js';
import type { CheckpointResult } from './types.js';
import { branchTip, prepareState, resolveParent, type PreparedState } from './write-path.js';

/** Implicit-parent writes that lose a race re-read the tip this often before writing an unconditional snapshot. */
const DELTA_ATTEMPTS = 3;

export interface WriteTarget {
  readonly runId: string;
  readonly scope: ScopeFilter;
  readonly tenantId: string | undefined;
  readonly workflowId: string | undefined;
  readonly nodeId: string;
  readonly branchId: string | undefined;
}

export interface WriteOptions {
  readonly parentCheckpointId?: string;
  readonly metadata?: Metadata;
  readonly skipIfUnchanged?: boolean;
}

/** One try at a write: the parent, the tip the store must still hold (when conditional), and the encoded state. */
interface Attempt {
  readonly parentCheckpointId: string | undefined;
  readonly tipId: string | null;
  readonly encoded: Encoded;
  readonly conditional: boolean;
}

/** What goes into the row: the full text, or a delta with where it sits in its chain. */
interface Encoded {
  readonly text: string;
  readonly chain?: ChainInfo;
}

/** The entries of `fields` whose value is not undefined (stores see no `key: undefined`). */
function defined(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The write path of the CheckpointManager: validate, find the branch tip, skip an unchanged state, encode as a
 * delta or a snapshot, save with the store's atomic stale-write check (v2), remember the new tip.
 */
export class CheckpointWriter {
  private deltas: boolean;

  constructor(
    private readonly storage: StorageBackend,
    private readonly decoder: StateDecoder,
    private readonly options: Readonly<ResolvedCheckpointManagerOptions>,
    private readonly now: () => Date,
    private readonly v2: boolean,
  ) {
    this.deltas = v2 && options.delta.enabled;
  }

  /** Throws everything `prepareState` throws before any store access. */
  prepare(state: unknown, metadata: Metadata | undefined): PreparedState {
    return prepareState(state, metadata, this.options.maxStateSizeBytes, this.storage.capabilities.maxRecordBytes);
  }

  async write<S>(target: WriteTarget, prepared: PreparedState, opts: WriteOptions): Promise<CheckpointResult<S>> {
    const { runId, scope, branchId } = target;
    const explicit = opts.parentCheckpointId;
    const skip = opts.skipIfUnchanged ?? this.options.skipUnchanged;
    for (let attempt = 1; ; attempt++) {
      const lastTry = explicit === undefined && attempt >= DELTA_ATTEMPTS;
      const known = attempt === 1 ? this.knownTip(target, explicit, skip, prepared) : undefined;
      let plan: Attempt;
      if (known !== undefined) {
        plan = { parentCheckpointId: known.id, tipId: known.id, encoded: this.encodeOn(known, prepared), conditional: true };
      } else {
        const tip = await branchTip(this.storage, this.v2, runId, scope, branchId);
        const parentCheckpointId = await resolveParent(this.storage, this.v2, runId, scope, branchId, tip, explicit);
        if (skip && tip !== undefined && tip.stateHash === prepared.hash) {
          return { checkpoint: toCheckpoint<S>(tip, prepared.text, this.adapter), skipped: true };
        }
        const encoded = lastTry ? { text: prepared.text } : await this.encode(tip, prepared);
        const conditional = this.v2 && (explicit !== undefined || encoded.chain !== undefined);
        plan = { parentCheckpointId, tipId: tip?.id ?? null, encoded, conditional };
      }
      const input = this.newCheckpoint(target, prepared, plan);
      let record: CheckpointRecord;
      try {
        record = await this.storage.saveCheckpoint(input);
      } catch (error) {
        // A cached tip that turned out stale (another writer, retention) is re-read from the store, as is a lost race.
        if (error instanceof StaleCheckpointError && (known !== undefined || (explicit === undefined && !lastTry))) {
          this.decoder.forget({ runId, tenantId: target.tenantId, branchId });
          continue;
        }
        throw error;
      }
      this.checkEncodingKept(input, record);
      this.decoder.remember(record, this.decodedOf(record, prepared, plan.encoded));
      return { checkpoint: writtenCheckpoint<S>(record, prepared.text), skipped: false };
    }
  }

  /**
   * The branch tip this manager wrote or read last, when it can stand in for a store read: a v2 store checks it
   * atomically (`expectedLatestId`), so a stale one costs a retry, never a wrong parent. Not used when the state is
   * unchanged from it (skipping needs the store's word that it is still the tip) or when an explicit parent differs.
   */
  private knownTip(
    target: WriteTarget,
    explicit: string | undefined,
    skip: boolean,
    prepared: PreparedState,
  ): DecodedState | undefined {
    if (!this.v2) return undefined;
    const cached = this.decoder.cachedTip({ tenantId: target.tenantId, runId: target.runId, branchId: target.branchId });
    if (cached === undefined || (explicit !== undefined && explicit !== cached.id)) return undefined;
    if (skip && cached.stateHash === prepared.hash) return undefined;
    return cached;
  }

  private newCheckpoint(target: WriteTarget, prepared: PreparedState, plan: Attempt): NewCheckpoint {
    const { encoded } = plan;
    return {
      id: newId('ckpt'),
      runId: target.runId,
      nodeId: target.nodeId,
      state: encoded.text,
      stateHash: prepared.hash,
      stateSizeBytes: prepared.sizeBytes,
      metadata: prepared.metadata,
      createdAt: this.now(),
      ...defined({
        tenantId: target.tenantId,
        workflowId: target.workflowId,
        branchId: target.branchId,
        parentCheckpointId: plan.parentCheckpointId,
      }),
      ...(encoded.chain !== undefined ? { encoding: 'delta' as const } : {}),
      ...(plan.conditional ? { expectedLatestId: plan.tipId } : {}),
    };
  }

  private get adapter(): string {
    return this.storage.capabilities.name;
  }

  /** A delta against the tip when the snapshot policy allows it, else the full text. */
  private async encode(tip: CheckpointRecord | undefined, prepared: PreparedState): Promise<Encoded> {
    if (!this.deltas || tip === undefined) return { text: prepared.text };
    let base: DecodedState;
    try {
      base = await this.decoder.decode(tip);
    } catch (error) {
      if (error instanceof StorageError) return { text: prepared.text }; // an unreadable tip: start a new chain
      throw error;
    }
    return this.encodeOn(base, prepared);
  }

  /** A delta against the decoded tip `base` when deltas are on and the snapshot policy allows it, else the full text. */
  private encodeOn(base: DecodedState, prepared: PreparedState): Encoded {
    if (!this.deltas) return { text: prepared.text };
    const delta = encodeDelta(base.entries(), prepared.entries, base.chain.snapshotSeq);
    const bytes = utf8Bytes(delta);
    if (!writeAsDelta(this.options.delta, base.chain, bytes, prepared.sizeBytes)) return { text: prepared.text };
    return {
      text: delta,
      chain: { ...base.chain, length: base.chain.length + 1, deltaBytes: base.chain.deltaBytes + bytes },
    };
  }

  private decodedOf(record: CheckpointRecord, prepared: PreparedState, encoded: Encoded): DecodedState {
    const chain = encoded.chain ?? { snapshotSeq: record.seq, snapshotBytes: prepared.sizeBytes, length: 0, deltaBytes: 0 };
    return fromEntries(record, prepared.entries, chain, prepared.text);
  }

  /** A store that drops `encoding` would leave an unreadable row: stop writing deltas and say so. */
  private checkEncodingKept(input: NewCheckpoint, record: CheckpointRecord): void {
    if (input.encoding === undefined || record.encoding === input.encoding) return;
    this.deltas = false;
    throw new StorageError(
      this.adapter,
      `Checkpoint '${record.id}' of run '${record.runId}' was stored without its 'delta' encoding: this store does ` +
        'not implement storage contract v2. Delta encoding is now off for this manager; rewrite the state.',
    );
  }
}
