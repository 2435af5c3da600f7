import type { RunStatus, RunSummary } from '@alma/types';
import type { AlmaTables } from '../schema/index.js';
import { opt, toDate } from './values.js';

export type RunRow = AlmaTables['checkpointRuns']['$inferSelect'];

/** A catalog row and the named branches of its checkpoints (sorted here, in JS string order). */
export function runFromRow(row: RunRow, branches: readonly string[]): RunSummary {
  return {
    runId: row.runId,
    ...opt('tenantId', row.tenantId),
    ...opt('workflowId', row.workflowId),
    ...opt('agent', row.agent),
    status: row.status as RunStatus,
    metadata: row.metadata ?? {},
    checkpointCount: row.checkpointCount,
    latestSeq: row.lastSeq,
    stateBytes: row.stateBytes,
    storedBytes: row.storedBytes,
    branches: [...branches].sort(),
    firstAt: toDate(row.firstAt),
    lastAt: toDate(row.lastAt),
  };
}
