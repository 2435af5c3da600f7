import type { ALMA } from '@alma/core';

/** What each measured operation is held to (ms); the aim is 10x under it. Judged on p95. */
export const TARGETS_MS = { write: 50, read: 20, retrieval: 200, merge: 10, outcome: 100 } as const;
export type ScenarioKind = keyof typeof TARGETS_MS;
export const AIM_FACTOR = 10;

/** One measured operation of the table. */
export interface ScenarioSpec {
  readonly id: string;
  readonly label: string;
  readonly kind: ScenarioKind;
  /** Memories in the store (retrieval only). */
  readonly size?: number;
  /** State size in bytes (checkpoint writes only). */
  readonly stateBytes?: number;
}

/** Everything a scenario needs: the ALMA facade over a fresh store, the op counts, and a progress tick. */
export interface ScenarioContext {
  readonly alma: ALMA;
  readonly ops: number;
  readonly warmup: number;
  readonly tick: () => void;
}

/** Checkpoints per run in the write workloads: a run of 20 nodes, then the next run starts. */
export const STEPS_PER_RUN = 20;

export const KB = 1024;

/** Warm-up calls of a retrieval row at most: calls are slow, and 20 warm the JIT and the store's caches. */
export const RETRIEVAL_WARMUP = 20;

/** The table's scenarios in order, retrieval once per store size. */
export function scenarioSpecs(sizes: readonly number[]): ScenarioSpec[] {
  return [
    { id: 'write-1k', label: 'checkpoint write, 1 KB state', kind: 'write', stateBytes: KB },
    { id: 'write-100k', label: 'checkpoint write, 100 KB state', kind: 'write', stateBytes: 100 * KB },
    { id: 'read', label: 'checkpoint read (resume point), 1 KB', kind: 'read' },
    { id: 'merge', label: 'state merge, 5 branches', kind: 'merge' },
    { id: 'outcome', label: 'workflow outcome save', kind: 'outcome' },
    ...[...sizes]
      .sort((a, b) => a - b)
      .map((size): ScenarioSpec => ({
        id: `retrieval-${size}`,
        label: `scoped retrieval, ${size.toLocaleString('en-US')} memories`,
        kind: 'retrieval',
        size,
      })),
  ];
}
