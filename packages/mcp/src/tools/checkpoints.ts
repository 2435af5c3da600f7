import { NotFoundError, ValidationError } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { checkpointSummary, id, metadata, runContextInput, summarizeCheckpoint } from '../schemas.js';
import { defineTool, DELETES, READ_ONLY, WRITES, WRITES_IDEMPOTENT, type ToolDeps } from './define.js';

type MergeBranches = Parameters<ToolDeps['alma']['mergeStates']>[1];
const state = z.record(z.string(), z.unknown());
const MAX_BRANCHES = 64;

/** alma_checkpoint, alma_get_resume_point, alma_list_checkpoints, alma_merge_states, alma_cleanup_checkpoints. */
export function registerCheckpointTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding, options } = deps;
  const scope = () => alma.scopeOf(bindContext(binding));

  defineTool(server, deps, {
    name: 'alma_checkpoint',
    title: 'Checkpoint workflow state',
    description:
      'Saves the state of a run after a node, so the run can resume after a crash. An unchanged state is skipped. ' +
      'With parentCheckpointId, the write is refused (STALE_CHECKPOINT) if the branch has moved on.',
    input: {
      context: runContextInput,
      nodeId: id('The node that just finished.'),
      state: state.describe('The JSON state after the node (max 1 MiB by default).'),
      parentCheckpointId: id('The checkpoint this one continues from (optimistic concurrency).').optional(),
      metadata: metadata.optional(),
      skipIfUnchanged: z.boolean().optional().describe('Skip the write when the state equals the previous one (default true).'),
    },
    output: { skipped: z.boolean(), checkpoint: checkpointSummary },
    annotations: WRITES_IDEMPOTENT,
  }, async ({ context, nodeId, state: s, ...opts }) => {
    const r = await alma.checkpoint(bindContext(binding, context), nodeId, s, opts);
    return { skipped: r.skipped, checkpoint: summarizeCheckpoint(r.checkpoint) };
  });

  defineTool(server, deps, {
    name: 'alma_get_resume_point',
    title: 'Get the resume point of a run',
    description:
      'Where to resume a run: its last committed checkpoint (node, seq, state) and the latest checkpoint of each ' +
      'branch. found is false for an unknown run.',
    input: {
      runId: id('The run.'),
      includeState: z.boolean().default(true).describe('Return the states (default true).'),
    },
    output: {
      runId: z.string(),
      found: z.boolean(),
      workflowId: z.string().optional(),
      nodeId: z.string().optional(),
      seq: z.number().int().optional(),
      state: z.record(z.string(), z.unknown()).optional(),
      branches: z.array(checkpointSummary).optional(),
    },
    annotations: READ_ONLY,
  }, async ({ runId, includeState }) => {
    const rp = await alma.getResumePoint(runId, bindContext(binding));
    if (!rp) return { runId, found: false };
    return {
      runId,
      found: true,
      workflowId: rp.workflowId,
      nodeId: rp.nodeId,
      seq: rp.seq,
      ...(includeState ? { state: rp.state } : {}),
      branches: rp.branches.map((b) => summarizeCheckpoint(b, includeState)),
    };
  });

  defineTool(server, deps, {
    name: 'alma_list_checkpoints',
    title: "List a run's checkpoints",
    description:
      "A page of a run's checkpoints by seq (timeline: node, branch, size, time; states only with includeState). " +
      'Continue with afterSeq = nextAfterSeq.',
    input: {
      runId: id('The run.'),
      branchId: id('Only this branch.').optional(),
      afterSeq: z.number().int().min(0).optional().describe('Cursor: only checkpoints with a higher seq.'),
      limit: z.number().int().min(1).max(options.maxPageSize).optional().describe(`Page size (max ${options.maxPageSize}).`),
      includeState: z.boolean().default(false),
    },
    output: { runId: z.string(), checkpoints: z.array(checkpointSummary), nextAfterSeq: z.number().int().optional() },
    annotations: READ_ONLY,
  }, async ({ runId, branchId, afterSeq, limit, includeState }) => {
    const pageSize = limit ?? Math.min(50, options.maxPageSize);
    const page = await alma.checkpoints.listCheckpoints(runId, scope(), {
      ...(branchId !== undefined ? { branchId } : {}),
      ...(afterSeq !== undefined ? { afterSeq } : {}),
      limit: pageSize + 1,
    });
    const shown = page.slice(0, pageSize);
    const more = page.length > pageSize;
    return {
      runId,
      checkpoints: shown.map((c) => summarizeCheckpoint(c, includeState)),
      ...(more ? { nextAfterSeq: shown[shown.length - 1]?.seq } : {}),
    };
  });

  defineTool(server, deps, {
    name: 'alma_merge_states',
    title: 'Merge branch states',
    description:
      'Joins parallel branches: merges their states field by field with reducers (append, merge_dict, last_value, ' +
      'first_value, sum, max, min, union; default last_value) and checkpoints the result on the main line. Give ' +
      'either the branch checkpoint ids or raw states.',
    input: {
      context: runContextInput,
      checkpointIds: z.array(id('A branch checkpoint id.')).max(MAX_BRANCHES).optional(),
      states: z.array(state).max(MAX_BRANCHES).optional().describe('Raw branch states (instead of checkpointIds).'),
      reducers: z.record(z.string(), z.string().min(1)).optional().describe('Reducer per field, e.g. {"items": "append", "cost": "sum"}.'),
      defaultReducer: z.string().min(1).optional().describe('Reducer of unlisted fields (default last_value).'),
      nodeId: id("Node id of the join checkpoint (default 'join').").optional(),
      metadata: metadata.optional(),
    },
    output: { skipped: z.boolean(), checkpoint: checkpointSummary, state: z.record(z.string(), z.unknown()) },
    annotations: WRITES,
  }, async ({ context, checkpointIds, states, reducers, defaultReducer, nodeId, metadata: meta }) => {
    const ctx = bindContext(binding, context);
    if ((checkpointIds?.length ?? 0) > 0 === (states?.length ?? 0) > 0) {
      throw new ValidationError('alma_merge_states needs either checkpointIds or states (one of them, not empty).', [
        { path: 'checkpointIds', message: 'give checkpointIds or states' },
      ]);
    }
    let branches: MergeBranches;
    if (checkpointIds?.length) {
      branches = await Promise.all(
        checkpointIds.map(async (cid) => {
          const c = await alma.checkpoints.getCheckpoint(cid, scope());
          if (!c) throw new NotFoundError('Checkpoint', cid);
          return c;
        }),
      );
    } else {
      branches = states ?? [];
    }
    const r = await alma.mergeStates(
      ctx,
      branches,
      { ...(reducers ? { fieldReducers: reducers } : {}), ...(defaultReducer ? { defaultReducer } : {}) },
      { ...(nodeId !== undefined ? { nodeId } : {}), ...(meta !== undefined ? { metadata: meta } : {}) },
    );
    return { skipped: r.skipped, checkpoint: summarizeCheckpoint(r.checkpoint), state: r.checkpoint.state };
  });

  defineTool(server, deps, {
    name: 'alma_cleanup_checkpoints',
    title: "Delete a run's old checkpoints",
    description: "Deletes a run's checkpoints except the keepLatest newest (default 1; 0 deletes the whole run).",
    input: {
      runId: id('The run.'),
      keepLatest: z.number().int().min(0).max(1_000_000).default(1),
    },
    output: { runId: z.string(), deleted: z.number().int(), keptLatest: z.number().int() },
    annotations: DELETES,
  }, async ({ runId, keepLatest }) => ({
    runId,
    deleted: await alma.cleanupCheckpoints(runId, { keepLatest }, bindContext(binding)),
    keptLatest: keepLatest,
  }));
}
