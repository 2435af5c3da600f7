import type { ResolvedCheckpointManagerOptions } from './options.js';
import type { ChainInfo } from './tip-cache.js';

export type DeltaOptions = ResolvedCheckpointManagerOptions['delta'];

/**
 * Should the next checkpoint of a branch be written as a delta (of `deltaBytes`) after a state at `chain`, rather
 * than as a snapshot of `fullBytes`? A snapshot is written when the delta would not be smaller than the full
 * state, when the chain reached `maxChainLength`, or when one is due: `snapshotEvery` checkpoints since the last
 * snapshot and deltas since it (this one included) weighing `deltaBudget` times the full state. A snapshot then
 * never costs more than 1/deltaBudget of the deltas before it, so total storage stays linear in what changed.
 */
export function writeAsDelta(options: DeltaOptions, chain: ChainInfo, deltaBytes: number, fullBytes: number): boolean {
  if (deltaBytes >= fullBytes) return false;
  const position = chain.length + 1;
  if (position > Math.max(options.maxChainLength, options.snapshotEvery - 1)) return false;
  const due =
    position >= options.snapshotEvery && chain.deltaBytes + deltaBytes >= options.deltaBudget * fullBytes;
  return !due;
}
