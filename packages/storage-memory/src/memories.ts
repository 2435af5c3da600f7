import {
  ConflictError,
  MEMORY_TIME_FIELD,
  MEMORY_TYPES,
  MEMORY_TYPES_WITH_CONFIDENCE,
  validateMemory,
  type MemoryDeleteFilter,
  type MemoryPatch,
  type MemoryQuery,
  type MemoryRecord,
  type MemoryRecordMap,
  type MemoryType,
  type Scored,
  type StatsQuery,
  type StorageStats,
} from '@alma/types';
import { rank } from './ranking.js';
import type { StoreState } from './state.js';

type AnyRecord = MemoryRecord & Record<string, unknown>;

export const timeOf = (type: MemoryType) => (row: MemoryRecord): Date =>
  (row as AnyRecord)[MEMORY_TIME_FIELD[type]] as Date;

/** The filters of MemoryQuery / MemoryDeleteFilter other than scope and time, as one predicate. */
function matchesQuery(type: MemoryType, row: AnyRecord, q: Partial<MemoryQuery> & { agent?: string }): boolean {
  if (q.projectId !== undefined && row['projectId'] !== q.projectId) return false;
  if (type !== 'user_preference') {
    if (q.agents !== undefined && !q.agents.includes(row['agent'] as string)) return false;
    if (q.agent !== undefined && row['agent'] !== q.agent) return false;
  }
  if (q.minConfidence !== undefined && MEMORY_TYPES_WITH_CONFIDENCE.includes(type)) {
    if ((row['confidence'] as number) < q.minConfidence) return false;
  }
  if (type === 'outcome') {
    if (q.taskType !== undefined && row['taskType'] !== q.taskType) return false;
    if (q.successOnly && row['success'] !== true) return false;
  }
  if (type === 'domain_knowledge' && q.domain !== undefined && row['domain'] !== q.domain) return false;
  if (type === 'user_preference') {
    if (q.userId !== undefined && row['userId'] !== q.userId) return false;
    if (q.category !== undefined && row['category'] !== q.category) return false;
  }
  return true;
}

export function saveMemories<T extends MemoryType>(state: StoreState, type: T, records: readonly unknown[]): string[] {
  const valid = records.map((r) => validateMemory(type, r));
  const table = state.memories[type];
  const ids = new Set<string>();
  for (const r of valid) {
    // Check the whole batch before writing so a conflict writes nothing (all or nothing).
    if (table.rows.has(r.id) || ids.has(r.id)) {
      throw new ConflictError(`A ${type} with id '${r.id}' already exists (batch rejected, nothing written).`);
    }
    ids.add(r.id);
  }
  return valid.map((r) => table.insert(r));
}

export function queryMemories<T extends MemoryType>(
  state: StoreState,
  type: T,
  query: MemoryQuery,
): Scored<MemoryRecordMap[T]>[] {
  const rows = [...state.memories[type].inScope(query.scope)].filter((row) =>
    matchesQuery(type, row as AnyRecord, query),
  );
  const ranked = rank(rows, { embedding: query.embedding, topK: query.topK ?? 5, timeOf: timeOf(type) });
  return ranked as Scored<MemoryRecordMap[T]>[];
}

export function updateMemory<T extends MemoryType>(
  state: StoreState,
  type: T,
  id: string,
  patch: MemoryPatch<T>,
  scope: MemoryQuery['scope'],
): boolean {
  const { agent: _a, projectId: _p, userId: _u, tenantId: _t, ...allowed } = patch as Record<string, unknown>;
  return state.memories[type].patch(id, allowed as Partial<MemoryRecord>, scope, (next) => validateMemory(type, next));
}

export function incrementHeuristicOccurrence(
  state: StoreState,
  id: string,
  success: boolean,
  scope: MemoryQuery['scope'],
  now: Date,
): boolean {
  const row = state.memories.heuristic.find(id, scope) as MemoryRecordMap['heuristic'] | undefined;
  if (!row) return false;
  row.occurrenceCount += 1;
  if (success) row.successCount += 1;
  row.lastValidated = now;
  return true;
}

export function deleteMemories(state: StoreState, type: MemoryType, filter: MemoryDeleteFilter): string[] {
  const deleted: string[] = [];
  const time = timeOf(type);
  for (const row of [...state.memories[type].inScope(filter.scope)]) {
    const r = row as AnyRecord;
    if (!matchesQuery(type, r, { projectId: filter.projectId, agent: filter.agent })) continue;
    if (filter.olderThan && !(time(row).getTime() < filter.olderThan.getTime())) continue;
    if (filter.belowConfidence !== undefined) {
      if (!MEMORY_TYPES_WITH_CONFIDENCE.includes(type)) continue;
      if (!((r['confidence'] as number) < filter.belowConfidence)) continue;
    }
    state.memories[type].rows.delete(row.id);
    deleted.push(row.id);
  }
  return deleted;
}

export function getStats(state: StoreState, query: StatsQuery): StorageStats {
  const counts = {} as Record<MemoryType, number>;
  for (const type of MEMORY_TYPES) {
    let n = 0;
    for (const row of state.memories[type].inScope(query.scope)) {
      if (matchesQuery(type, row as AnyRecord, { projectId: query.projectId, agent: query.agent })) n++;
    }
    counts[type] = n;
  }
  let workflowOutcomes = 0;
  for (const o of state.workflowOutcomes.inScope(query.scope)) {
    if (o.projectId === query.projectId && (query.agent === undefined || o.agent === query.agent)) workflowOutcomes++;
  }
  const totalMemories = Object.values(counts).reduce((a, b) => a + b, 0);
  return { projectId: query.projectId, ...(query.agent ? { agent: query.agent } : {}), counts, workflowOutcomes, totalMemories };
}
