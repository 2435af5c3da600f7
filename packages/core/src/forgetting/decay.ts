import { ConfigError } from '@alma/types';

/** A confidence decay curve: the multiplier (0..1) applied to a confidence `days` after its last validation. */
export interface DecayFunction {
  readonly name: string;
  compute(days: number): number;
}

function requirePositive(value: number, option: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${option} must be a positive number of days, got ${String(value)}.`);
  }
}

function requireUnit(value: number, option: string): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigError(`${option} must be between 0 and 1, got ${String(value)}.`);
  }
}

const age = (days: number): number => (Number.isFinite(days) && days > 0 ? days : 0);

/** 0.5^(days / halfLifeDays): the confidence halves every half-life. */
export class ExponentialDecay implements DecayFunction {
  readonly name: string;
  constructor(readonly halfLifeDays = 30) {
    requirePositive(halfLifeDays, 'ExponentialDecay halfLifeDays');
    this.name = `exponential(halfLife=${halfLifeDays}d)`;
  }
  compute(days: number): number {
    return 0.5 ** (age(days) / this.halfLifeDays);
  }
}

/** max(minValue, 1 − (days / decayPeriodDays)·(1 − minValue)): straight down to a floor. */
export class LinearDecay implements DecayFunction {
  readonly name: string;
  constructor(
    readonly decayPeriodDays = 90,
    readonly minValue = 0.1,
  ) {
    requirePositive(decayPeriodDays, 'LinearDecay decayPeriodDays');
    requireUnit(minValue, 'LinearDecay minValue');
    this.name = `linear(period=${decayPeriodDays}d, min=${minValue})`;
  }
  compute(days: number): number {
    return Math.max(this.minValue, 1 - (age(days) / this.decayPeriodDays) * (1 - this.minValue));
  }
}

/** A step function: the multiplier of the last threshold reached (1 before the first). */
export class StepDecay implements DecayFunction {
  static readonly DEFAULT_STEPS: ReadonlyArray<readonly [number, number]> = [
    [30, 0.9],
    [60, 0.7],
    [90, 0.5],
    [180, 0.3],
  ];
  readonly name: string;
  readonly steps: ReadonlyArray<readonly [number, number]>;
  constructor(steps: ReadonlyArray<readonly [number, number]> = StepDecay.DEFAULT_STEPS) {
    if (steps.length === 0) throw new ConfigError('StepDecay needs at least one [days, multiplier] step.');
    for (const [days, multiplier] of steps) {
      if (!Number.isFinite(days) || days < 0) throw new ConfigError(`StepDecay step days must be >= 0, got ${days}.`);
      requireUnit(multiplier, 'StepDecay step multiplier');
    }
    this.steps = [...steps].sort((a, b) => a[0] - b[0]);
    this.name = `step(${this.steps.length} steps)`;
  }
  compute(days: number): number {
    let multiplier = 1;
    for (const [threshold, value] of this.steps) {
      if (age(days) < threshold) break;
      multiplier = value;
    }
    return multiplier;
  }
}

/** Confidence never decays. */
export class NoDecay implements DecayFunction {
  readonly name = 'none';
  compute(_days?: number): number {
    return 1;
  }
}

/**
 * ALMA's forgetting score (lower = better candidate to forget):
 * 0.3·0.5^(ageDays/30) + 0.3·confidence + 0.2·successRate + 0.2·min(occurrences/20, 1).
 */
export function computeDecayScore(input: {
  ageDays: number;
  confidence: number;
  successRate: number;
  occurrences: number;
}): number {
  const recency = 0.5 ** (age(input.ageDays) / 30);
  const occurrence = Math.min(Math.max(input.occurrences, 0) / 20, 1);
  return 0.3 * recency + 0.3 * input.confidence + 0.2 * input.successRate + 0.2 * occurrence;
}
