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
  private readonly entries = new Map<string, DecodedState>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 256,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(key: string): DecodedState | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Caches `state` as the branch's latest, unless a newer state of the branch is cached already. */
  set(key: string, state: DecodedState): void {
    const current = this.entries.get(key);
    if (current !== undefined && current.seq > state.seq) return;
    this.delete(key);
    if (state.text.length > this.maxBytes) return;
    this.entries.set(key, state);
    this.bytes += state.text.length;
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.text.length;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.text.length;
  }

  get size(): number {
    return this.entries.size;
  }
}
