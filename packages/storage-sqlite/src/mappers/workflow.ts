import { textCodec, workflowMappers } from '@alma/storage-sql';
import { checkpoints, workflowOutcomes } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';

export const CHECKPOINT_SCOPE: ScopeColumns = {
  tenantId: checkpoints.tenantId,
  workflowId: checkpoints.workflowId,
  runId: checkpoints.runId,
  nodeId: checkpoints.nodeId,
  branchId: checkpoints.branchId,
};

/** Workflow outcomes sit at run level: no node or branch column (a filter on those matches none). */
export const WORKFLOW_OUTCOME_SCOPE: ScopeColumns = {
  tenantId: workflowOutcomes.tenantId,
  workflowId: workflowOutcomes.workflowId,
  runId: workflowOutcomes.runId,
};

/**
 * The shared row mappers (@alma/storage-sql) over SQLite's column forms. A workflow outcome's embedding lives in
 * `embeddings`: `workflowOutcomeFromRow(row, vector)` takes it from there.
 */
const rows = workflowMappers(textCodec);
export const { checkpointToRow, checkpointFromRow, workflowOutcomeToRow, workflowOutcomeFromRow } = rows;
export const { artifactLinkToRow, artifactLinkFromRow, runFromRow } = rows;
