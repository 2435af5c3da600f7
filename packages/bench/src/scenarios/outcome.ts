import { measure } from '../stats.js';
import { sentence } from '../payloads.js';
import { AGENT, TENANT } from '../memories.js';
import type { ScenarioContext } from './types.js';

/**
 * `ALMA.learnFromWorkflow` of a finished run: the outcome is embedded and saved, its successful pattern creates or
 * strengthens a heuristic (10 patterns, so after the first ten calls it is an update), and the run's (absent)
 * checkpoints are cleaned up — what a workflow calls once at its end.
 */
export function workflowOutcomes(c: ScenarioContext): Promise<number[]> {
  return measure(
    c.ops,
    c.warmup,
    (i) => {
      const j = i + c.warmup;
      return c.alma.learnFromWorkflow(
        { tenantId: TENANT, workflowId: 'wf-outcome', runId: `outcome-${j}` },
        {
          agent: AGENT,
          result: 'success',
          summary: `Run ${j}: ${sentence(j, 16)}`,
          strategiesUsed: [sentence(j % 10, 4), sentence((j % 10) + 20, 4)],
          successfulPatterns: [`pattern ${j % 10}: ${sentence(j % 10, 5)}`],
          durationSeconds: 12.5,
          nodeCount: 7,
        },
      );
    },
    c.tick,
  );
}
