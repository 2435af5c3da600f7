import { StorageError, type CheckpointRecord, type StorageBackend } from '@alma/types';
import { utf8Bytes } from './utf8.js';
import {
  applyDelta,
  composeText,
  DeltaApplier,
  DeltaFormatError,
  entriesFromText,
  snapshotSeqOf,
  type Entries,
} from './delta-codec.js';
import { sha256Hex } from './hash.js';
import { branchKey, TipCache, type ChainInfo, type DecodedState } from './tip-cache.js';


/** A decoded state whose entries are known; its text is composed on first use. */
export function fromEntries(
  record: Pick<CheckpointRecord, 'id' | 'seq' | 'stateHash'>,
  entries: Entries,
  chain: ChainInfo,
  text?: string,
): DecodedState {
  let composed = text;
  return {
    id: record.id,
    seq: record.seq,
    stateHash: record.stateHash,
    chain,
    get text() {
      composed ??= composeText(entries);
      return composed;
    },
    entries: () => entries,
  };
}

/**
 * Turns stored checkpoints back into full states. A snapshot is its own text; a delta is rebuilt from the nearest
 * snapshot before it in its branch plus the deltas in between (fetched with one ranged list), or from the cached
 * state of its parent. Every reconstructed state is checked against the row's stateHash: a broken chain, a
 * malformed delta or a mismatch is a StorageError naming the checkpoint, never a silently wrong state.
 */
export class StateDecoder {
  constructor(
    private readonly storage: StorageBackend,
    private readonly cache = new TipCache(),
    /** Rows per list call when fetching a delta chain. */
    private readonly pageSize = 1000,
  ) {}

  private get adapter(): string {
    return this.storage.capabilities.name;
  }

  private corrupt(record: CheckpointRecord, why: string, cause?: unknown): StorageError {
    return new StorageError(
      this.adapter,
      `Checkpoint '${record.id}' of run '${record.runId}' cannot be decoded: ${why}.`,
      cause === undefined ? undefined : { cause },
    );
  }

  /** The cached latest state of a branch, if any (a hint: the store may hold a newer tip). */
  cachedTip(branch: { tenantId?: string; runId: string; branchId?: string }): DecodedState | undefined {
    return this.cache.get(branchKey(branch));
  }

  /** Remembers a branch's latest decoded state (after a write or a read). */
  remember(record: CheckpointRecord, state: DecodedState): void {
    this.cache.set(branchKey(record), state);
  }

  forget(record: { tenantId?: string; runId: string; branchId?: string }): void {
    this.cache.delete(branchKey(record));
  }

  /** The full state of one stored checkpoint. */
  async decode(record: CheckpointRecord): Promise<DecodedState> {
    const cached = this.cache.get(branchKey(record));
    if (cached?.id === record.id) return cached;
    if (record.encoding !== 'delta') return this.snapshot(record);
    const decoded =
      cached !== undefined && cached.id === record.parentCheckpointId
        ? this.verify(record, this.step(cached, record))
        : await this.fromChain(record);
    this.remember(record, decoded);
    return decoded;
  }

  /** The full states of a page of checkpoints (any branches, by seq), each delta applied to its predecessor. */
  async decodeMany(records: readonly CheckpointRecord[]): Promise<DecodedState[]> {
    const previous = new Map<string, { record: CheckpointRecord; decoded: DecodedState }>();
    const out: DecodedState[] = [];
    for (const record of records) {
      const key = branchKey(record);
      const prev = previous.get(key)?.decoded;
      const decoded =
        record.encoding === 'delta' && prev !== undefined && prev.id === record.parentCheckpointId
          ? this.verify(record, this.step(prev, record))
          : await this.decode(record);
      previous.set(key, { record, decoded });
      out.push(decoded);
    }
    for (const { record, decoded } of previous.values()) this.remember(record, decoded);
    return out;
  }

  /** A full row: its text must match its hash. */
  private snapshot(record: CheckpointRecord): DecodedState {
    if (sha256Hex(record.state) !== record.stateHash) {
      throw new StorageError(
        this.adapter,
        `Checkpoint '${record.id}' of run '${record.runId}' is corrupt: its state does not match its stateHash.`,
      );
    }
    let entries: Entries | undefined;
    const text = record.state;
    const chain = { snapshotSeq: record.seq, snapshotBytes: utf8Bytes(text), length: 0, deltaBytes: 0 };
    return {
      id: record.id,
      seq: record.seq,
      stateHash: record.stateHash,
      text,
      chain,
      entries: () => {
        try {
          entries ??= entriesFromText(text);
        } catch (cause) {
          throw new StorageError(this.adapter, `Checkpoint '${record.id}' of run '${record.runId}' holds invalid JSON.`, {
            cause,
          });
        }
        return entries;
      },
    };
  }

  /** `prev` with the delta of `record` applied (hash not yet checked). */
  private step(prev: DecodedState, record: CheckpointRecord): DecodedState {
    let entries: Entries;
    try {
      entries = applyDelta(prev.entries(), record.state);
    } catch (cause) {
      if (cause instanceof DeltaFormatError) throw this.corrupt(record, cause.message, cause);
      throw cause;
    }
    const chain: ChainInfo = {
      ...prev.chain,
      length: prev.chain.length + 1,
      deltaBytes: prev.chain.deltaBytes + utf8Bytes(record.state),
    };
    return fromEntries(record, entries, chain);
  }

  private verify(record: CheckpointRecord, state: DecodedState): DecodedState {
    if (sha256Hex(state.text) !== record.stateHash) {
      throw this.corrupt(record, 'the reconstructed state does not match its stateHash');
    }
    return state;
  }

  /** Rebuilds a delta from its branch's snapshot and the deltas in between. */
  private async fromChain(record: CheckpointRecord): Promise<DecodedState> {
    let snapshotSeq: number;
    try {
      snapshotSeq = snapshotSeqOf(record.state);
    } catch (cause) {
      throw this.corrupt(record, (cause as Error).message, cause);
    }
    const rows = await this.listChain(record, snapshotSeq);
    const [first] = rows;
    if (first === undefined || first.seq !== snapshotSeq || first.encoding === 'delta') {
      throw this.corrupt(record, `its snapshot (seq ${snapshotSeq}) is missing`);
    }
    if (rows[rows.length - 1]?.id !== record.id) throw this.corrupt(record, 'it is not in its own delta chain');
    const snapshot = this.snapshot(first);
    const applier = new DeltaApplier(snapshot.entries());
    let previous = first.id;
    let deltaBytes = 0;
    for (const row of rows.slice(1)) {
      if (row.encoding !== 'delta' || row.parentCheckpointId !== previous) {
        throw this.corrupt(record, `its delta chain is broken at checkpoint '${row.id}'`);
      }
      try {
        applier.apply(row.state);
      } catch (cause) {
        if (cause instanceof DeltaFormatError) throw this.corrupt(record, `checkpoint '${row.id}': ${cause.message}`, cause);
        throw cause;
      }
      previous = row.id;
      deltaBytes += utf8Bytes(row.state);
    }
    const chain = { ...snapshot.chain, length: rows.length - 1, deltaBytes };
    const state = fromEntries(record, applier.result(), chain);
    return this.verify(record, state);
  }

  /** The rows of the record's branch from seq `fromSeq` up to the record. */
  private async listChain(record: CheckpointRecord, fromSeq: number): Promise<CheckpointRecord[]> {
    const scope = record.tenantId === undefined ? {} : { tenantId: record.tenantId };
    const branchId = record.branchId ?? null;
    const rows: CheckpointRecord[] = [];
    let afterSeq = fromSeq - 1;
    while (afterSeq < record.seq) {
      const limit = Math.min(this.pageSize, record.seq - afterSeq);
      const page = await this.storage.listCheckpoints(record.runId, scope, { branchId, afterSeq, limit });
      rows.push(...page.filter((row) => row.seq <= record.seq));
      const last = page[page.length - 1];
      if (page.length < limit || last === undefined) break;
      afterSeq = last.seq;
    }
    return rows;
  }
}
