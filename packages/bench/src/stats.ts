/** Latency summary of one measured operation, in milliseconds. */
export interface LatencyStats {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The p-th percentile (0..100) of ascending `sorted` samples, nearest-rank method: the smallest sample with at least
 * p % of the samples at or below it. Throws on an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** p50 / p95 / p99, mean, min and max of raw samples (any order). */
export function summarize(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, x) => total + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** How many warm-up calls precede `ops` measured ones: 10 %, at least 5, at most 100. */
export function warmupCount(ops: number): number {
  return Math.min(100, Math.max(5, Math.ceil(ops / 10)));
}

/**
 * Calls `op(i)` `warmup` times unmeasured (i = -warmup..-1), then `ops` times sequentially, timing each call with
 * `performance.now()`. `onOp` is called after every call (progress). Returns the measured samples in ms.
 */
export async function measure(
  ops: number,
  warmup: number,
  op: (i: number) => Promise<unknown>,
  onOp: () => void = () => undefined,
): Promise<number[]> {
  for (let i = -warmup; i < 0; i++) {
    await op(i);
    onOp();
  }
  const samples: number[] = new Array<number>(ops);
  for (let i = 0; i < ops; i++) {
    const started = performance.now();
    await op(i);
    samples[i] = performance.now() - started;
    onOp();
  }
  return samples;
}

/** A latency in ms with enough digits to compare sub-millisecond operations. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}
