import { measure } from '../stats.js';
import { makeState } from '../payloads.js';
import { TENANT } from '../memories.js';
import { STEPS_PER_RUN, type ScenarioContext } from './types.js';

export const WORKFLOW_ID = 'wf-bench';

/** The run and node of the j-th write (j counts warm-up calls too): runs of STEPS_PER_RUN nodes. */
export function writeSlot(prefix: string, j: number): { runId: string; nodeId: string } {
  return { runId: `${prefix}-${Math.floor(j / STEPS_PER_RUN)}`, nodeId: `node-${j % STEPS_PER_RUN}` };
}

/** How many runs `ops` measured plus `warmup` calls of a write workload fill. */
export function runCount(ops: number, warmup: number): number {
  return Math.ceil((ops + warmup) / STEPS_PER_RUN);
}

/**
 * `ALMA.checkpoint` of a `bytes`-sized state after each node of runs of 20 nodes (every state differs, so no write
 * is skipped as unchanged). Runs are named `<prefix>-<n>`.
 */
export function checkpointWrites(c: ScenarioContext, bytes: number, prefix: string): Promise<number[]> {
  return measure(
    c.ops,
    c.warmup,
    (i) => {
      const j = i + c.warmup;
      const { runId, nodeId } = writeSlot(prefix, j);
      return c.alma.checkpoint({ tenantId: TENANT, workflowId: WORKFLOW_ID, runId }, nodeId, makeState(bytes, j));
    },
    c.tick,
  );
}

/** `ALMA.getResumePoint` of the runs a write workload with `prefix` filled, round robin. */
export function resumeReads(c: ScenarioContext, prefix: string, runs: number): Promise<number[]> {
  return measure(
    c.ops,
    c.warmup,
    async (i) => {
      const runId = `${prefix}-${(i + c.warmup) % runs}`;
      const point = await c.alma.getResumePoint(runId, { tenantId: TENANT, workflowId: WORKFLOW_ID, runId });
      if (point === undefined) throw new Error(`no resume point for ${runId}`);
    },
    c.tick,
  );
}
