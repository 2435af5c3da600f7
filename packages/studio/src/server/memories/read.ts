import type { ALMA } from '@alma/core';
import { NotFoundError, type MemoryType, type ScopeFilter } from '@alma/types';
import { kindLabel, type MemoryKind } from './kinds.js';

type AnyRecord = Record<string, unknown> & { id: string };

export interface ReadFilter {
  readonly scope: ScopeFilter;
  /** The owning agent; for user preferences, the user. */
  readonly agent?: string | undefined;
  readonly embedding?: Float32Array;
  readonly topK: number;
}

/**
 * Records of one kind through the storage contract, in the store's order (newest first by the kind's time field,
 * or by similarity with an embedding). The store filters by tenant, workflow (in `scope`) and agent.
 */
export async function readRecords(
  alma: ALMA,
  kind: MemoryKind,
  filter: ReadFilter,
): Promise<Array<{ record: AnyRecord; similarity?: number }>> {
  const base = { scope: filter.scope, projectId: alma.projectId, topK: filter.topK, ...(filter.embedding ? { embedding: filter.embedding } : {}) };
  if (kind === 'workflow_outcome') {
    return alma.storage.queryWorkflowOutcomes({ ...base, ...(filter.agent ? { agents: [filter.agent] } : {}) }) as never;
  }
  const owner = filter.agent === undefined ? {} : kind === 'user_preference' ? { userId: filter.agent } : { agents: [filter.agent] };
  return alma.storage.queryMemories(kind, { ...base, ...owner }) as never;
}

/** One record by id in the scope; NotFoundError (404) naming the kind when absent or outside the scope. */
export async function getRecord(alma: ALMA, kind: MemoryKind, id: string, scope: ScopeFilter): Promise<AnyRecord> {
  const found =
    kind === 'workflow_outcome'
      ? await alma.storage.getWorkflowOutcome(id, scope)
      : await alma.storage.getMemory(kind as MemoryType, id, scope);
  if (!found) throw new NotFoundError(kindLabel(kind), id);
  return found as unknown as AnyRecord;
}

/** How many records of a kind the scope holds, counted by the store; undefined when a filter makes it unknown. */
export async function countRecords(alma: ALMA, kind: MemoryKind, scope: ScopeFilter, agent: string | undefined): Promise<number | undefined> {
  if (scope.workflowId !== undefined || (agent !== undefined && (kind === 'user_preference' || kind === 'workflow_outcome'))) return undefined;
  const stats = await alma.storage.getStats({ scope, projectId: alma.projectId, ...(agent ? { agent } : {}) });
  return kind === 'workflow_outcome' ? stats.workflowOutcomes : stats.counts[kind];
}

/** A record as the page shows it: no embedding (its dimension instead). */
export function presentable(record: AnyRecord): Record<string, unknown> {
  const { embedding, ...rest } = record as AnyRecord & { embedding?: Float32Array };
  return embedding ? { ...rest, embeddingDimension: embedding.length } : rest;
}
