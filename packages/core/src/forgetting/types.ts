import type { DecayFunction } from './decay.js';
import type { HealthMonitorOptions } from './health.js';
import type { PrunePolicyInput } from './policy.js';

/** `forgetting` options of ALMA. */
export interface ForgettingOptions {
  /** Defaults of `prune()`; ALMA fills the quotas and ages from its `memory` options. */
  policy?: PrunePolicyInput;
  /** Curve of `decayer.applyDecay()`. @default new ExponentialDecay(30) */
  decay?: DecayFunction;
  /** `applyDecay` deletes heuristics / knowledge whose decayed confidence falls below this. @default 0.1 */
  pruneBelowConfidence?: number;
  health?: HealthMonitorOptions;
}
