/** Limits of a BoundedLru: entries, and the total weight of the values (e.g. characters of cached text). */
export interface LruLimits<V> {
  readonly maxEntries: number;
  readonly maxWeight: number;
  readonly weigh: (value: V) => number;
}

/**
 * A least-recently-used map bounded by entry count and total weight: `get` refreshes an entry, `set` evicts the
 * least recently used until both limits hold. A value heavier than `maxWeight` on its own is not kept.
 */
export class BoundedLru<V> {
  private readonly entries = new Map<string, V>();
  private weight = 0;

  constructor(private readonly limits: LruLimits<V>) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** The value without refreshing it. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.limits.weigh(value);
    if (weight > this.limits.maxWeight) return;
    this.entries.set(key, value);
    this.weight += weight;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.weight <= this.limits.maxWeight) break;
      this.entries.delete(oldest);
      this.weight -= this.limits.weigh(old);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.weight -= this.limits.weigh(old);
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The total weight of the values held. */
  get totalWeight(): number {
    return this.weight;
  }
}
