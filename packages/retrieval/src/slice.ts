import type { MemorySlice, ScopeFilter } from '@alma/types';
import type { ParsedRetrieveInput } from './options.js';
import { normalizeQuery } from './text.js';

/**
 * The cache key of a retrieval: normalised query (lower case, whitespace collapsed), agent, project, user, topK,
 * scope, the resolved scope filter and the output switches. JSON of a fixed-order tuple, so no two different
 * requests share a key.
 */
export function cacheKey(req: ParsedRetrieveInput, filter: ScopeFilter): string {
  return JSON.stringify([
    'v1',
    normalizeQuery(req.task),
    req.agent,
    req.projectId,
    req.userId ?? null,
    req.topK,
    req.scope,
    filter.allTenants === true,
    filter.tenantId ?? null,
    filter.workflowId ?? null,
    filter.runId ?? null,
    filter.nodeId ?? null,
    req.includeShared,
    req.includeWorkflowOutcomes,
    req.includeEmbeddings,
    req.explain,
  ]);
}

/**
 * A record as returned in a slice: a copy, without `embedding` unless asked, and with `metadata.sharedFrom` set to
 * the owner when another agent owns it.
 */
export function presentRecord<T extends { id: string }>(record: T, reader: string, includeEmbeddings: boolean): T {
  const copy: Record<string, unknown> = { ...record };
  if (!includeEmbeddings) delete copy['embedding'];
  const owner = copy['agent'];
  if (typeof owner === 'string' && owner !== reader) {
    copy['metadata'] = { ...(copy['metadata'] as Record<string, unknown> | undefined), sharedFrom: owner };
  }
  return copy as T;
}

/** A copy of a (cached) slice with fresh lists and metadata, so callers cannot alter what the cache holds. */
export function sliceCopy(
  slice: MemorySlice,
  stamp: { retrievalTimeMs: number; cache: 'hit' | 'miss'; query: string },
): MemorySlice {
  return {
    ...slice,
    query: stamp.query,
    heuristics: [...slice.heuristics],
    outcomes: [...slice.outcomes],
    preferences: [...slice.preferences],
    domainKnowledge: [...slice.domainKnowledge],
    antiPatterns: [...slice.antiPatterns],
    workflowOutcomes: [...slice.workflowOutcomes],
    retrievalTimeMs: stamp.retrievalTimeMs,
    metadata: { ...slice.metadata, cache: stamp.cache },
  };
}
