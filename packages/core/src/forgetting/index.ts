export { ExponentialDecay, LinearDecay, NoDecay, StepDecay, computeDecayScore, type DecayFunction } from './decay.js';
export {
  prunePolicySchema,
  type PrunableType,
  type PrunedItem,
  type PruneOptions,
  type PrunePolicy,
  type PrunePolicyInput,
  type PruneReason,
  type PruneSummary,
} from './policy.js';
export { ForgettingEngine } from './engine.js';
export { ConfidenceDecayer, type ApplyDecayOptions, type DecayedItem, type DecayResult } from './confidence-decayer.js';
export {
  DEFAULT_HEALTH_THRESHOLDS,
  MemoryHealthMonitor,
  type HealthAlert,
  type HealthMonitorOptions,
  type HealthQuery,
  type HealthThresholds,
  type MemoryHealthMetrics,
} from './health.js';
export type { ForgettingOptions } from './types.js';
