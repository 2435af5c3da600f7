import { MAX_QUERY_TOP_K, type MemoryType, type ScopeFilter, type StorageBackend } from '@alma/types';

/**
 * Keeps an agent's memories of one type at most `max`: the newest `max` (by the type's time field) stay, or for
 * heuristics the most confident. Returns how many were deleted. Cheap when under quota: one query of max+1 rows.
 */
export async function enforceQuota(
  storage: StorageBackend,
  type: MemoryType,
  where: { projectId: string; agent: string; scope: ScopeFilter },
  max: number,
): Promise<number> {
  const base = { scope: where.scope, projectId: where.projectId, agents: [where.agent] };
  const probe = await storage.queryMemories(type, { ...base, topK: max + 1 });
  if (probe.length <= max) return 0;
  // Bounded by the contract's largest query; anything beyond it is pruned on the next write.
  const all = await storage.queryMemories(type, { ...base, topK: MAX_QUERY_TOP_K });
  const records = all.map((s) => s.record as { id: string; confidence?: number });
  if (type === 'heuristic') records.sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
  let deleted = 0;
  for (const record of records.slice(max)) {
    if (await storage.deleteMemory(type, record.id, where.scope)) deleted++;
  }
  return deleted;
}
