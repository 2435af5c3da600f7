import type { ArtifactRef, CheckpointRecord, RunStatus, RunSummary, WorkflowOutcome } from '@alma/types';
import type { SqlCodec, StorageForms, StoredJson } from '../codec.js';
import { assignScope, opt } from '../values.js';

type Json = Record<string, unknown>;

export interface CheckpointRow<F extends StorageForms> {
  readonly id: string;
  readonly tenantId: string | null;
  readonly workflowId: string | null;
  readonly runId: string;
  readonly nodeId: string;
  readonly branchId: string | null;
  readonly parentCheckpointId: string | null;
  readonly seq: number;
  readonly state: string;
  readonly stateHash: string;
  readonly stateSizeBytes: number;
  readonly encoding: string | null;
  readonly metadata: StoredJson<F, Json> | null;
  readonly createdAt: F['time'];
}

export interface WorkflowOutcomeRow<F extends StorageForms> {
  readonly id: string;
  readonly tenantId: string | null;
  readonly workflowId: string;
  readonly runId: string;
  readonly agent: string;
  readonly projectId: string;
  readonly result: string;
  readonly summary: string;
  readonly strategiesUsed: StoredJson<F, string[]> | null;
  readonly successfulPatterns: StoredJson<F, string[]> | null;
  readonly failedPatterns: StoredJson<F, string[]> | null;
  readonly extractedHeuristics: StoredJson<F, string[]> | null;
  readonly extractedAntiPatterns: StoredJson<F, string[]> | null;
  readonly durationSeconds: number | null;
  readonly nodeCount: number | null;
  readonly errorMessage: string | null;
  readonly metadata: StoredJson<F, Json> | null;
  readonly createdAt: F['time'];
}

export interface ArtifactLinkRow<F extends StorageForms> {
  readonly id: string;
  readonly memoryId: string;
  readonly tenantId: string | null;
  readonly artifactType: string;
  readonly storageUrl: string;
  readonly filename: string | null;
  readonly mimeType: string | null;
  readonly sizeBytes: number | null;
  readonly checksum: string | null;
  readonly metadata: StoredJson<F, Json> | null;
  readonly createdAt: F['time'];
}

/** A run catalog row. `latestSeq` is the last seq handed out for the run. */
export interface RunRow<F extends StorageForms> {
  readonly runId: string;
  readonly tenantId: string | null;
  readonly workflowId: string | null;
  readonly agent: string | null;
  readonly status: string;
  readonly metadata: StoredJson<F, Json> | null;
  readonly latestSeq: number;
  readonly checkpointCount: number;
  readonly stateBytes: number;
  readonly storedBytes: number;
  readonly firstAt: F['time'] | null;
  readonly lastAt: F['time'] | null;
}

/** Row mappers of checkpoints, workflow outcomes, artifact links and run summaries over one store's column forms. */
export function workflowMappers<F extends StorageForms>(c: SqlCodec<F>) {
  const list = (value: StoredJson<F, string[]> | null) => c.readJson<string[]>(value, []);
  const json = (value: StoredJson<F, Json> | null) => c.readJson<Json>(value, {});
  return {
    /** Without `seq`: the store assigns it. */
    checkpointToRow: (cp: Omit<CheckpointRecord, 'seq'>) => ({
      id: cp.id,
      tenantId: cp.tenantId ?? null,
      workflowId: cp.workflowId ?? null,
      runId: cp.runId,
      nodeId: cp.nodeId,
      branchId: cp.branchId ?? null,
      parentCheckpointId: cp.parentCheckpointId ?? null,
      state: cp.state,
      stateHash: cp.stateHash,
      stateSizeBytes: cp.stateSizeBytes,
      // Opaque to the store; present only when the caller's record has one (older contracts have no such field).
      encoding: (cp as { encoding?: string }).encoding ?? null,
      metadata: c.json(cp.metadata, 'metadata'),
      createdAt: c.time(cp.createdAt),
    }),

    /** Built by assignment, not spreads: every checkpoint read and write goes through here. */
    checkpointFromRow: (row: CheckpointRow<F>): CheckpointRecord => {
      const out: Record<string, unknown> = { id: row.id };
      assignScope(out, row);
      // Absent = null or undefined, as `opt` and `assignScope` read it.
      if (row.branchId !== null && row.branchId !== undefined) out['branchId'] = row.branchId;
      if (row.parentCheckpointId !== null && row.parentCheckpointId !== undefined) {
        out['parentCheckpointId'] = row.parentCheckpointId;
      }
      out['seq'] = row.seq;
      out['state'] = row.state;
      out['stateHash'] = row.stateHash;
      out['stateSizeBytes'] = row.stateSizeBytes;
      if (row.encoding !== null && row.encoding !== undefined) out['encoding'] = row.encoding;
      out['metadata'] = json(row.metadata);
      out['createdAt'] = c.readTime(row.createdAt);
      return out as unknown as CheckpointRecord;
    },

    /** Without the embedding: stores place it themselves (a vector column, or a table of their own). */
    workflowOutcomeToRow: (o: WorkflowOutcome) => ({
      id: o.id,
      tenantId: o.tenantId ?? null,
      workflowId: o.workflowId,
      runId: o.runId,
      agent: o.agent,
      projectId: o.projectId,
      result: o.result,
      summary: o.summary,
      strategiesUsed: c.json(o.strategiesUsed, 'strategiesUsed'),
      successfulPatterns: c.json(o.successfulPatterns, 'successfulPatterns'),
      failedPatterns: c.json(o.failedPatterns, 'failedPatterns'),
      extractedHeuristics: c.json(o.extractedHeuristics, 'extractedHeuristics'),
      extractedAntiPatterns: c.json(o.extractedAntiPatterns, 'extractedAntiPatterns'),
      durationSeconds: o.durationSeconds ?? null,
      nodeCount: o.nodeCount ?? null,
      errorMessage: o.errorMessage ?? null,
      metadata: c.json(o.metadata, 'metadata'),
      createdAt: c.time(o.createdAt),
    }),

    workflowOutcomeFromRow: (row: WorkflowOutcomeRow<F>, embedding: Float32Array | null | undefined): WorkflowOutcome => ({
      id: row.id,
      ...opt('tenantId', row.tenantId),
      workflowId: row.workflowId,
      runId: row.runId,
      agent: row.agent,
      projectId: row.projectId,
      result: row.result as WorkflowOutcome['result'],
      summary: row.summary,
      strategiesUsed: list(row.strategiesUsed),
      successfulPatterns: list(row.successfulPatterns),
      failedPatterns: list(row.failedPatterns),
      extractedHeuristics: list(row.extractedHeuristics),
      extractedAntiPatterns: list(row.extractedAntiPatterns),
      ...opt('durationSeconds', row.durationSeconds),
      ...opt('nodeCount', row.nodeCount),
      ...opt('errorMessage', row.errorMessage),
      ...opt('embedding', embedding),
      metadata: json(row.metadata),
      createdAt: c.readTime(row.createdAt),
    }),

    artifactLinkToRow: (a: ArtifactRef) => ({
      id: a.id,
      memoryId: a.memoryId,
      tenantId: a.tenantId ?? null,
      artifactType: a.artifactType,
      storageUrl: a.storageUrl,
      filename: a.filename ?? null,
      mimeType: a.mimeType ?? null,
      sizeBytes: a.sizeBytes ?? null,
      checksum: a.checksum ?? null,
      metadata: c.json(a.metadata, 'metadata'),
      createdAt: c.time(a.createdAt),
    }),

    artifactLinkFromRow: (row: ArtifactLinkRow<F>): ArtifactRef => ({
      id: row.id,
      memoryId: row.memoryId,
      ...opt('tenantId', row.tenantId),
      artifactType: row.artifactType as ArtifactRef['artifactType'],
      storageUrl: row.storageUrl,
      ...opt('filename', row.filename),
      ...opt('mimeType', row.mimeType),
      ...opt('sizeBytes', row.sizeBytes),
      ...opt('checksum', row.checksum),
      metadata: json(row.metadata),
      createdAt: c.readTime(row.createdAt),
    }),

    /** A catalog row and the named branches of its checkpoints (sorted here, in JS string order). */
    runFromRow: (row: RunRow<F>, branches: readonly string[]): RunSummary => ({
      runId: row.runId,
      ...opt('tenantId', row.tenantId),
      ...opt('workflowId', row.workflowId),
      ...opt('agent', row.agent),
      status: row.status as RunStatus,
      metadata: json(row.metadata),
      checkpointCount: row.checkpointCount,
      latestSeq: row.latestSeq,
      stateBytes: row.stateBytes,
      storedBytes: row.storedBytes,
      branches: [...branches].sort(),
      firstAt: c.readTime(row.firstAt),
      lastAt: c.readTime(row.lastAt),
    }),
  };
}
