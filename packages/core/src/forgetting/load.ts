import { MAX_QUERY_TOP_K, type MemoryRecordMap, type ScopeFilter, type StorageBackend } from '@alma/types';

/** Every memory of `type` in the project (one agent's, or all), newest first — up to the contract's MAX_QUERY_TOP_K. */
export async function loadAll<T extends 'heuristic' | 'outcome' | 'domain_knowledge' | 'anti_pattern'>(
  storage: StorageBackend,
  type: T,
  where: { scope: ScopeFilter; projectId: string; agent?: string | undefined },
): Promise<MemoryRecordMap[T][]> {
  const rows = await storage.queryMemories(type, {
    scope: where.scope,
    projectId: where.projectId,
    ...(where.agent ? { agents: [where.agent] } : {}),
    topK: MAX_QUERY_TOP_K,
  });
  return rows.map((r) => r.record);
}
