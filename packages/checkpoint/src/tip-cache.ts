import { BoundedLru } from '@alma/types';
import type { Entries } from './delta-codec.js';

/** Where a decoded state sits in its branch's delta chain (what the snapshot policy needs). */
export interface ChainInfo {
  /** Seq of the branch snapshot the state builds on (its own seq for a snapshot). */
  readonly snapshotSeq: number;
  /** Stored bytes of that snapshot. */
  readonly snapshotBytes: number;
  /** Deltas since the snapshot (0 for the snapshot itself). */
  readonly length: number;
  /** Stored bytes of those deltas. */
  readonly deltaBytes: number;
}

/** A checkpoint's full state, reconstructed and checked against its stateHash. */
export interface DecodedState {
  readonly id: string;
  readonly seq: number;
  /** The checkpoint's stateHash (SHA-256 of `text`). */
  readonly stateHash: string;
  /** Canonical JSON of the full state. */
  readonly text: string;
  readonly chain: ChainInfo;
  /** The state as entries (computed on first use for a snapshot). */
  entries(): Entries;
}

/** Cache key of a branch: tenant, run and branch (null = the main line). */
export function branchKey(record: { tenantId?: string; runId: string; branchId?: string }): string {
  return JSON.stringify([record.tenantId ?? null, record.runId, record.branchId ?? null]);
}

/**
 * The last decoded state of each branch, least recently used evicted first, bounded by entry count and by the
 * total size of the cached states. Only a hint: a caller uses an entry only when its id is the checkpoint it has
 * just read from the store in scope, so a stale or evicted entry costs a re-decode, never a wrong state.
 */
export class TipCache {
  private readonly entries: BoundedLru<DecodedState>;

  constructor(maxEntries = 256, maxBytes = 64 * 1024 * 1024) {
    this.entries = new BoundedLru({ maxEntries, maxWeight: maxBytes, weigh: (state) => state.text.length });
  }

  get(key: string): DecodedState | undefined {
    return this.entries.get(key);
  }

  /** Caches `state` as the branch's latest, unless a newer state of the branch is cached already. */
  set(key: string, state: DecodedState): void {
    const current = this.entries.peek(key);
    if (current !== undefined && current.seq > state.seq) return;
    this.entries.set(key, state);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
