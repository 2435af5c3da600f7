import type { ArtifactRef, CheckpointRecord, WorkflowOutcome } from '@alma/types';
import { artifactLinks, checkpoints, workflowOutcomes } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';
import { iso, json, opt, parseJson, scopeFields, toDate } from './values.js';

type CheckpointRow = typeof checkpoints.$inferSelect;
type WorkflowOutcomeRow = typeof workflowOutcomes.$inferSelect;
type ArtifactLinkRow = typeof artifactLinks.$inferSelect;

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

export function checkpointToRow(c: Omit<CheckpointRecord, 'seq'>): Omit<CheckpointRow, 'seq'> {
  return {
    id: c.id,
    tenantId: c.tenantId ?? null,
    workflowId: c.workflowId ?? null,
    runId: c.runId,
    nodeId: c.nodeId,
    branchId: c.branchId ?? null,
    parentCheckpointId: c.parentCheckpointId ?? null,
    state: c.state,
    stateHash: c.stateHash,
    stateSizeBytes: c.stateSizeBytes,
    metadata: json(c.metadata, 'metadata'),
    createdAt: iso(c.createdAt),
    encoding: c.encoding ?? null,
  };
}

export function checkpointFromRow(row: CheckpointRow): CheckpointRecord {
  return {
    id: row.id,
    ...scopeFields(row),
    runId: row.runId,
    nodeId: row.nodeId,
    ...opt('branchId', row.branchId),
    ...opt('parentCheckpointId', row.parentCheckpointId),
    seq: row.seq,
    state: row.state,
    stateHash: row.stateHash,
    stateSizeBytes: row.stateSizeBytes,
    ...opt('encoding', row.encoding as CheckpointRecord['encoding'] | null),
    metadata: parseJson(row.metadata, {}),
    createdAt: toDate(row.createdAt),
  };
}

export function workflowOutcomeToRow(o: WorkflowOutcome): WorkflowOutcomeRow {
  return {
    id: o.id,
    tenantId: o.tenantId ?? null,
    workflowId: o.workflowId,
    runId: o.runId,
    agent: o.agent,
    projectId: o.projectId,
    result: o.result,
    summary: o.summary,
    strategiesUsed: json(o.strategiesUsed, 'strategiesUsed'),
    successfulPatterns: json(o.successfulPatterns, 'successfulPatterns'),
    failedPatterns: json(o.failedPatterns, 'failedPatterns'),
    extractedHeuristics: json(o.extractedHeuristics, 'extractedHeuristics'),
    extractedAntiPatterns: json(o.extractedAntiPatterns, 'extractedAntiPatterns'),
    durationSeconds: o.durationSeconds ?? null,
    nodeCount: o.nodeCount ?? null,
    errorMessage: o.errorMessage ?? null,
    metadata: json(o.metadata, 'metadata'),
    createdAt: iso(o.createdAt),
  };
}

export function workflowOutcomeFromRow(row: WorkflowOutcomeRow, embedding: Float32Array | undefined): WorkflowOutcome {
  return {
    id: row.id,
    ...opt('tenantId', row.tenantId),
    workflowId: row.workflowId,
    runId: row.runId,
    agent: row.agent,
    projectId: row.projectId,
    result: row.result as WorkflowOutcome['result'],
    summary: row.summary,
    strategiesUsed: parseJson(row.strategiesUsed, []),
    successfulPatterns: parseJson(row.successfulPatterns, []),
    failedPatterns: parseJson(row.failedPatterns, []),
    extractedHeuristics: parseJson(row.extractedHeuristics, []),
    extractedAntiPatterns: parseJson(row.extractedAntiPatterns, []),
    ...opt('durationSeconds', row.durationSeconds),
    ...opt('nodeCount', row.nodeCount),
    ...opt('errorMessage', row.errorMessage),
    ...opt('embedding', embedding),
    metadata: parseJson(row.metadata, {}),
    createdAt: toDate(row.createdAt),
  };
}

export function artifactLinkToRow(a: ArtifactRef): ArtifactLinkRow {
  return {
    id: a.id,
    memoryId: a.memoryId,
    tenantId: a.tenantId ?? null,
    artifactType: a.artifactType,
    storageUrl: a.storageUrl,
    filename: a.filename ?? null,
    mimeType: a.mimeType ?? null,
    sizeBytes: a.sizeBytes ?? null,
    checksum: a.checksum ?? null,
    metadata: json(a.metadata, 'metadata'),
    createdAt: iso(a.createdAt),
  };
}

export function artifactLinkFromRow(row: ArtifactLinkRow): ArtifactRef {
  return {
    id: row.id,
    memoryId: row.memoryId,
    ...opt('tenantId', row.tenantId),
    artifactType: row.artifactType as ArtifactRef['artifactType'],
    storageUrl: row.storageUrl,
    ...opt('filename', row.filename),
    ...opt('mimeType', row.mimeType),
    ...opt('sizeBytes', row.sizeBytes),
    ...opt('checksum', row.checksum),
    metadata: parseJson(row.metadata, {}),
    createdAt: toDate(row.createdAt),
  };
}
