import type { ArtifactRef, CheckpointRecord, WorkflowOutcome } from '@alma/types';
import type { AlmaTables } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';
import { json, opt, scopeFields, toDate } from './values.js';

type CheckpointRow = AlmaTables['checkpoints']['$inferSelect'];
type WorkflowOutcomeRow = AlmaTables['workflowOutcomes']['$inferSelect'];
type ArtifactLinkRow = AlmaTables['artifactLinks']['$inferSelect'];

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
    // Opaque to the store; present only when the caller's record has one (older contracts have no such field).
    encoding: (c as { encoding?: string }).encoding ?? null,
    metadata: json(c.metadata, 'metadata'),
    createdAt: c.createdAt,
  };
}

export function checkpointFromRow(row: CheckpointRow): CheckpointRecord {
  return ({
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
    ...opt('encoding', row.encoding),
    metadata: row.metadata ?? {},
    createdAt: toDate(row.createdAt),
  }) as CheckpointRecord;
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
    strategiesUsed: o.strategiesUsed,
    successfulPatterns: o.successfulPatterns,
    failedPatterns: o.failedPatterns,
    extractedHeuristics: o.extractedHeuristics,
    extractedAntiPatterns: o.extractedAntiPatterns,
    durationSeconds: o.durationSeconds ?? null,
    nodeCount: o.nodeCount ?? null,
    errorMessage: o.errorMessage ?? null,
    metadata: json(o.metadata, 'metadata'),
    embedding: o.embedding ?? null,
    createdAt: o.createdAt,
  };
}

export function workflowOutcomeFromRow(row: WorkflowOutcomeRow): WorkflowOutcome {
  return {
    id: row.id,
    ...opt('tenantId', row.tenantId),
    workflowId: row.workflowId,
    runId: row.runId,
    agent: row.agent,
    projectId: row.projectId,
    result: row.result as WorkflowOutcome['result'],
    summary: row.summary,
    strategiesUsed: row.strategiesUsed ?? [],
    successfulPatterns: row.successfulPatterns ?? [],
    failedPatterns: row.failedPatterns ?? [],
    extractedHeuristics: row.extractedHeuristics ?? [],
    extractedAntiPatterns: row.extractedAntiPatterns ?? [],
    ...opt('durationSeconds', row.durationSeconds),
    ...opt('nodeCount', row.nodeCount),
    ...opt('errorMessage', row.errorMessage),
    ...opt('embedding', row.embedding),
    metadata: row.metadata ?? {},
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
    createdAt: a.createdAt,
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
    metadata: row.metadata ?? {},
    createdAt: toDate(row.createdAt),
  };
}
