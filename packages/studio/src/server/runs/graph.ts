import { Buffer } from 'node:buffer';
import type { ALMA } from '@alma/core';
import { requireMethod } from '@alma/core';
import { AlmaError, tenantScope, type CheckpointRecord, type RunSummary, type ScopeFilter } from '@alma/types';

/** One checkpoint as the graph shows it: no state, its sizes instead. */
export interface GraphNode {
  readonly id: string;
  readonly seq: number;
  readonly nodeId: string;
  /** undefined = the main line. */
  readonly branchId?: string;
  readonly parentCheckpointId?: string;
  /** The branch checkpoints a merge joined (`metadata.mergedFrom`). */
  readonly mergedFrom: string[];
  readonly stateSizeBytes: number;
  readonly storedBytes: number;
  readonly encoding: 'full' | 'delta';
  readonly createdAt: Date;
  readonly metadata: Record<string, unknown>;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** next: same branch; fork: a branch starts from another line; merge: a branch joins at a merge checkpoint. */
  readonly kind: 'next' | 'fork' | 'merge';
}

export interface RunGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  /** Where a crash resumes: the highest-seq checkpoint of the run (CheckpointManager.getResumePoint). */
  readonly resumeId?: string;
  /** The latest checkpoint of each branch. */
  readonly tipIds: string[];
  /** The seq window shown: (afterSeq, last node's seq]; `nextAfterSeq` when more checkpoints follow. */
  readonly afterSeq: number;
  readonly nextAfterSeq?: number;
}

/** Checkpoints read per store call. */
const PAGE = 100;

/**
 * The run's catalog row. A run that does not exist, was deleted or belongs to another tenant looks the same
 * through the storage contract, and the message says so.
 */
export async function getRunSummary(alma: ALMA, runId: string, scope: ScopeFilter): Promise<RunSummary> {
  const run = await requireMethod(alma.storage, 'getRun', 'show a run')(runId, tenantScope(scope));
  if (!run) {
    const where = scope.allTenants ? 'any tenant' : scope.tenantId === undefined ? 'the tenant-less data' : `tenant '${scope.tenantId}'`;
    throw new AlmaError('NOT_FOUND', `Run '${runId}' was not found in ${where}: it never existed, was deleted, or belongs to another tenant.`, {
      details: { what: 'run', id: runId },
    });
  }
  return run;
}

/** The scope a run's own rows are read in: its tenant (in admin mode the run may be any tenant's). */
export const runScope = (run: RunSummary): ScopeFilter => tenantScope({ tenantId: run.tenantId });

const mergedFromOf = (c: CheckpointRecord): string[] =>
  Array.isArray(c.metadata['mergedFrom']) ? c.metadata['mergedFrom'].filter((x): x is string => typeof x === 'string' && !x.startsWith('branch:')) : [];

export function toNode(c: CheckpointRecord): GraphNode {
  const { mergedFrom: _m, ...metadata } = c.metadata;
  return {
    id: c.id, seq: c.seq, nodeId: c.nodeId,
    ...(c.branchId ? { branchId: c.branchId } : {}),
    ...(c.parentCheckpointId ? { parentCheckpointId: c.parentCheckpointId } : {}),
    mergedFrom: mergedFromOf(c),
    stateSizeBytes: c.stateSizeBytes, storedBytes: Buffer.byteLength(c.state, 'utf8'), encoding: c.encoding ?? 'full',
    createdAt: c.createdAt, metadata,
  };
}

/** Edges among the given nodes: parent links (next / fork) and merge links. */
export function edgesOf(nodes: readonly GraphNode[]): GraphEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = [];
  for (const n of nodes) {
    const parent = n.parentCheckpointId === undefined ? undefined : byId.get(n.parentCheckpointId);
    if (parent) edges.push({ from: parent.id, to: n.id, kind: parent.branchId === n.branchId ? 'next' : 'fork' });
    for (const m of n.mergedFrom) if (byId.has(m) && m !== n.parentCheckpointId) edges.push({ from: m, to: n.id, kind: 'merge' });
  }
  return edges;
}

/** Up to `limit` checkpoints after `afterSeq`, read page by page, with the run's resume point and branch tips. */
export async function runGraph(alma: ALMA, run: RunSummary, afterSeq: number, limit: number): Promise<RunGraph> {
  const scope = runScope(run);
  const records: CheckpointRecord[] = [];
  const want = limit + 1; // one more than shown says whether a next window exists
  let cursor = afterSeq;
  while (records.length < want) {
    const n = Math.min(PAGE, want - records.length);
    const page = await alma.storage.listCheckpoints(run.runId, scope, { afterSeq: cursor, limit: n });
    records.push(...page);
    const last = page[page.length - 1];
    if (page.length < n || !last) break;
    cursor = last.seq;
  }
  const shown = records.slice(0, limit);
  const tips = await alma.storage.getLatestCheckpointPerBranch(run.runId, scope);
  const resume = [...tips].sort((a, b) => b.seq - a.seq)[0];
  const nodes = shown.map(toNode);
  const last = shown[shown.length - 1];
  return {
    nodes, edges: edgesOf(nodes), ...(resume ? { resumeId: resume.id } : {}), tipIds: tips.map((t) => t.id), afterSeq,
    ...(records.length > limit && last ? { nextAfterSeq: last.seq } : {}),
  };
}
