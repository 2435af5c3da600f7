import type { MemorySlice, ScopeFilter } from '@alma/types';

export interface RetrievalCacheOptions {
  /** Time to live of an entry. @default 300000 (5 minutes) */
  ttlMs?: number;
  /** Entries kept; the least recently used is evicted beyond. @default 1000 */
  maxEntries?: number;
  /** Clock in epoch ms. @default Date.now */
  clock?: () => number;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  /** Entries dropped to respect maxEntries. */
  readonly evictions: number;
  /** Entries dropped by `invalidate` / `clear`. */
  readonly invalidations: number;
  /** Entries dropped because their TTL passed. */
  readonly expirations: number;
}

/** Where a cached retrieval looked: used to decide which writes make it stale. */
export interface CacheEntryScope {
  readonly projectId: string;
  readonly filter: ScopeFilter;
  /** Agents whose memories the retrieval read; undefined = every agent. */
  readonly agents: readonly string[] | undefined;
}

/**
 * Where a write happened. `scopeFilter` undefined = anywhere in the project. A write without `agent` (user
 * preferences, or "unknown") is matched on project and tenant only.
 */
export interface InvalidateTarget {
  readonly projectId: string;
  /** Owner of the written record; undefined = any agent (e.g. a user preference). */
  readonly agent?: string;
  readonly scopeFilter?: ScopeFilter;
}

interface Entry {
  readonly value: MemorySlice;
  readonly expiresAt: number;
  readonly scope: CacheEntryScope;
}

/**
 * LRU + TTL cache of retrieval results. Every write calls `invalidate` with where it happened; entries whose
 * scope could include that write are dropped (same project, overlapping tenant/workflow/run/node, the agent
 * among the agents read). `generation` increases on every invalidation so a retrieval that started before a
 * write never stores its (possibly stale) result after it.
 */
export class RetrievalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;
  private counters = { hits: 0, misses: 0, evictions: 0, invalidations: 0, expirations: 0 };
  private gen = 0;

  constructor(options: RetrievalCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.clock = options.clock ?? Date.now;
  }

  get generation(): number {
    return this.gen;
  }

  get(key: string): MemorySlice | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      this.counters.expirations++;
    } else if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.counters.hits++;
      return entry.value;
    }
    this.counters.misses++;
    return undefined;
  }

  /** Stores unless an invalidation happened since `generation` was read. */
  set(key: string, value: MemorySlice, scope: CacheEntryScope, generation = this.gen): boolean {
    if (generation !== this.gen) return false;
    this.entries.delete(key);
    this.entries.set(key, { value, scope, expiresAt: this.clock() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.counters.evictions++;
    }
    return true;
  }

  /** Drops every entry the write could affect; returns how many. */
  invalidate(target: InvalidateTarget): number {
    this.gen++;
    let dropped = 0;
    for (const [key, { scope }] of this.entries) {
      if (couldInclude(scope, target)) {
        this.entries.delete(key);
        dropped++;
      }
    }
    this.counters.invalidations += dropped;
    return dropped;
  }

  clear(): void {
    this.gen++;
    this.counters.invalidations += this.entries.size;
    this.entries.clear();
  }

  stats(): CacheStats {
    return { ...this.counters, size: this.entries.size };
  }
}

/** Could a record written at `target` be part of a retrieval over `scope`? Errs on "yes". */
export function couldInclude(scope: CacheEntryScope, target: InvalidateTarget): boolean {
  if (scope.projectId !== target.projectId) return false;
  if (target.agent !== undefined && scope.agents !== undefined && !scope.agents.includes(target.agent)) return false;
  const write = target.scopeFilter;
  const read = scope.filter;
  if (!write || write.allTenants || read.allTenants) return true;
  if (write.tenantId !== read.tenantId) return false;
  // Agent-less writes (user preferences) are read tenant-wide, whatever the retrieval scope.
  if (target.agent === undefined) return true;
  for (const field of ['workflowId', 'runId', 'nodeId'] as const) {
    const w = write[field];
    const r = read[field];
    if (w !== undefined && r !== undefined && w !== r) return false;
  }
  return true;
}
