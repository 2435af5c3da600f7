import { measure } from '../stats.js';
import { branchState, MERGE_REDUCERS } from '../payloads.js';
import { TENANT } from '../memories.js';
import { STEPS_PER_RUN, type ScenarioContext } from './types.js';

/**
 * `ALMA.mergeStates` of 5 branch states (reducers append, sum, union, merge_dict, last_value), which merges them
 * and checkpoints the result at the join: the merge plus one checkpoint write.
 */
export function mergeFiveBranches(c: ScenarioContext): Promise<number[]> {
  return measure(
    c.ops,
    c.warmup,
    (i) => {
      const j = i + c.warmup;
      const runId = `merge-${Math.floor(j / STEPS_PER_RUN)}`;
      const branches = [0, 1, 2, 3, 4].map((b) => branchState(b, j));
      return c.alma.mergeStates({ tenantId: TENANT, workflowId: 'wf-merge', runId }, branches, MERGE_REDUCERS);
    },
    c.tick,
  );
}
