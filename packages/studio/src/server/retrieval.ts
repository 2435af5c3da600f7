import type { ALMA } from '@alma/core';
import { estimateTokens, ScopeViolationError, type MemorySlice, type RetrievalScope, type WorkflowContextInit } from '@alma/types';
import { toRow, type MemoryKind, type MemoryRow } from './memories/kinds.js';
import { presentable } from './memories/read.js';

export interface PlaygroundQuery {
  readonly task: string;
  readonly agent: string;
  readonly userId?: string | undefined;
  readonly topK: number;
  readonly scope: RetrievalScope;
  readonly tenantId?: string | undefined;
  readonly workflowId?: string | undefined;
  readonly runId?: string | undefined;
  readonly nodeId?: string | undefined;
  readonly includeWorkflowOutcomes: boolean;
  readonly maxTokens?: number | undefined;
}

/** One returned memory with every per-record number the slice's metadata holds about it. */
export interface PlaygroundItem {
  readonly row: MemoryRow;
  readonly record: Record<string, unknown>;
  /** e.g. similarity, recency, successRate, confidence, score — and any other per-id field the engine adds. */
  readonly breakdown: Record<string, number | string | boolean>;
}

export interface PlaygroundResult {
  readonly items: PlaygroundItem[];
  /** The slice's metadata without the per-id maps (they are in `breakdown`). */
  readonly metadata: Record<string, unknown>;
  readonly retrievalTimeMs?: number;
  /** `alma.toPrompt(slice)`: exactly what an agent would get. */
  readonly prompt: string;
  readonly promptTokens: number;
}

const LISTS: ReadonlyArray<[keyof MemorySlice, MemoryKind]> = [
  ['heuristics', 'heuristic'], ['outcomes', 'outcome'], ['preferences', 'user_preference'],
  ['domainKnowledge', 'domain_knowledge'], ['antiPatterns', 'anti_pattern'], ['workflowOutcomes', 'workflow_outcome'],
];

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is number | string | boolean => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

/**
 * Every per-record value in a slice's metadata: a metadata entry that maps record ids to a number (`scores` →
 * `score`, a future `keywordRank` → `keywordRank`) or to an object of numbers (`scoreBreakdown`), so fields a newer
 * engine adds are shown without a studio change.
 */
export function breakdownOf(metadata: Readonly<Record<string, unknown>>, ids: ReadonlySet<string>, id: string): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (!isPlain(value) || !isPerRecord(value, ids) || !Object.hasOwn(value, id)) continue;
    const v = value[id];
    if (isScalar(v)) out[key === 'scores' ? 'score' : key] = v;
    else if (isPlain(v)) for (const [k, x] of Object.entries(v)) if (isScalar(x)) out[k] = x;
  }
  return out;
}

/** A map keyed by the slice's record ids (not e.g. `scopeFilter` or `context`). */
const isPerRecord = (value: Record<string, unknown>, ids: ReadonlySet<string>): boolean => {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => ids.has(k));
};

/** Runs a retrieval exactly as an agent would (cache bypassed), with the score breakdown and the prompt text. */
export async function runPlayground(alma: ALMA, q: PlaygroundQuery, admin: boolean): Promise<PlaygroundResult> {
  if (q.scope === 'global' && !admin) {
    throw new ScopeViolationError("Retrieval scope 'global' reads every tenant: start `alma studio --all-tenants` (admin) to use it.");
  }
  const context: WorkflowContextInit = {
    ...(q.tenantId ? { tenantId: q.tenantId } : {}),
    ...(q.workflowId ? { workflowId: q.workflowId } : {}),
    ...(q.runId ? { runId: q.runId } : {}),
    ...(q.nodeId ? { nodeId: q.nodeId } : {}),
  };
  const slice = await alma.retrieve({
    task: q.task, agent: q.agent, topK: q.topK, scope: q.scope, context,
    ...(q.userId ? { userId: q.userId } : {}),
    includeWorkflowOutcomes: q.includeWorkflowOutcomes, explain: true, bypassCache: true,
    ...(q.scope === 'global' ? { admin: true } : {}),
  });
  const found = LISTS.flatMap(([list, kind]) => (slice[list] as unknown as Array<Record<string, unknown> & { id: string }>).map((record) => ({ kind, record })));
  const ids = new Set(found.map((f) => f.record.id));
  const items = found.map(({ kind, record }) => ({ row: toRow(kind, record), record: presentable(record), breakdown: breakdownOf(slice.metadata, ids, record.id) }));
  const metadata = Object.fromEntries(Object.entries(slice.metadata).filter(([, v]) => !(isPlain(v) && isPerRecord(v, ids))));
  const prompt = q.maxTokens === undefined ? alma.toPrompt(slice) : alma.toPrompt(slice, q.maxTokens);
  return { items, metadata, ...(slice.retrievalTimeMs === undefined ? {} : { retrievalTimeMs: slice.retrievalTimeMs }), prompt, promptTokens: estimateTokens(prompt) };
}
