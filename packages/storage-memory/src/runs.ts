import {
  decodeRunCursor,
  encodeRunCursor,
  isAfterRunCursor,
  matchesRunMetadata,
  parseInput,
  runPatchSchema,
  runQuerySchema,
  tenantScope,
  type RunPage,
  type RunPatch,
  type RunQuery,
  type RunSummary,
  type ScopeFilter,
} from '@alma/types';
import type { RunRow, StoreState } from './state.js';
import { clone } from './table.js';

/** A catalog row plus what its checkpoints add up to. */
export function summarize(state: StoreState, run: RunRow): RunSummary {
  let checkpointCount = 0;
  let stateBytes = 0;
  let storedBytes = 0;
  const branches = new Set<string>();
  for (const row of state.checkpoints.rows.values()) {
    if (row.runId !== run.id) continue;
    checkpointCount++;
    stateBytes += row.stateSizeBytes;
    storedBytes += Buffer.byteLength(row.state, 'utf8');
    if (row.branchId !== undefined) branches.add(row.branchId);
  }
  return clone({
    runId: run.id,
    ...(run.tenantId !== undefined ? { tenantId: run.tenantId } : {}),
    ...(run.workflowId !== undefined ? { workflowId: run.workflowId } : {}),
    ...(run.agent !== undefined ? { agent: run.agent } : {}),
    status: run.status,
    metadata: run.metadata,
    checkpointCount,
    latestSeq: run.latestSeq,
    stateBytes,
    storedBytes,
    branches: [...branches].sort(),
    firstAt: run.firstAt,
    lastAt: run.lastAt,
  });
}

export function listRuns(state: StoreState, input: RunQuery): RunPage {
  const q = parseInput(runQuerySchema, input, 'run query');
  const cursor = q.cursor === undefined ? undefined : decodeRunCursor(q.cursor);
  const matches = [...state.runs.inScope(tenantScope(q.scope))]
    .filter(
      (run) =>
        !run.deletedAt &&
        (q.workflowId === undefined || run.workflowId === q.workflowId) &&
        (q.agent === undefined || run.agent === q.agent) &&
        (q.status === undefined || run.status === q.status) &&
        matchesRunMetadata(run.metadata, q.metadata),
    )
    .sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((run) => !cursor || isAfterRunCursor({ lastAt: run.lastAt, runId: run.id }, cursor));
  const page = matches.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    runs: page.map((run) => summarize(state, run)),
    ...(matches.length > q.limit && last ? { nextCursor: encodeRunCursor({ lastAt: last.lastAt, runId: last.id }) } : {}),
  };
}

export function getRun(state: StoreState, runId: string, scope: ScopeFilter): RunSummary | undefined {
  const run = state.runs.find(runId, tenantScope(scope));
  return run && !run.deletedAt ? summarize(state, run) : undefined;
}

export function updateRun(state: StoreState, runId: string, input: RunPatch, scope: ScopeFilter): boolean {
  const patch = parseInput(runPatchSchema, input, 'run patch');
  const run = state.runs.find(runId, tenantScope(scope));
  if (!run || run.deletedAt) return false;
  if (patch.status !== undefined) run.status = patch.status;
  if (patch.agent !== undefined) run.agent = patch.agent;
  if (patch.metadata !== undefined) run.metadata = clone(patch.metadata);
  return true;
}
