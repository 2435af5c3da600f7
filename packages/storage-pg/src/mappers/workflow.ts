import type { WorkflowOutcome } from '@alma/types';
import { nativeCodec, workflowMappers } from '@alma/storage-sql';
import type { AlmaTables } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';

type WorkflowOutcomeRow = AlmaTables['workflowOutcomes']['$inferSelect'];

export const checkpointScope = (t: AlmaTables): ScopeColumns => ({
  tenantId: t.checkpoints.tenantId,
  workflowId: t.checkpoints.workflowId,
  runId: t.checkpoints.runId,
  nodeId: t.checkpoints.nodeId,
  branchId: t.checkpoints.branchId,
});

/** Workflow outcomes sit at run level: no node or branch column (a filter on those matches none). */
export const workflowOutcomeScope = (t: AlmaTables): ScopeColumns => ({
  tenantId: t.workflowOutcomes.tenantId,
  workflowId: t.workflowOutcomes.workflowId,
  runId: t.workflowOutcomes.runId,
});

/** The shared row mappers (@alma/storage-sql) over PostgreSQL's column forms. */
const rows = workflowMappers(nativeCodec);
export const { checkpointToRow, checkpointFromRow, artifactLinkToRow, artifactLinkFromRow } = rows;

/** The embedding is the row's own `vector(dim)` column. */
export const workflowOutcomeToRow = (o: WorkflowOutcome) => ({ ...rows.workflowOutcomeToRow(o), embedding: o.embedding ?? null });
export const workflowOutcomeFromRow = (row: WorkflowOutcomeRow): WorkflowOutcome => rows.workflowOutcomeFromRow(row, row.embedding);

/** A catalog row (its counter column is `last_seq`) and the named branches of its checkpoints. */
export const runFromRow = (row: AlmaTables['checkpointRuns']['$inferSelect'], branches: readonly string[]) =>
  rows.runFromRow({ ...row, latestSeq: row.lastSeq }, branches);
