import {
  MEMORY_TIME_FIELD,
  MEMORY_TYPES,
  MEMORY_TYPES_WITH_CONFIDENCE,
  validateMemory,
  type MemoryDeleteFilter,
  type MemoryPatch,
  type MemoryQuery,
  type MemoryRecordMap,
  type MemoryType,
  type ScopeFilter,
  type Scored,
  type StatsQuery,
  type StorageStats,
} from '@alma/types';
import { CODECS, fromDoc, memoryCodec } from './documents.js';
import { saveMemoryBatch } from './memory-batch.js';
import { parseArgs, parseScoped } from './query-schemas.js';
import { scopeWhere, Sql, tenantWhere } from './sql.js';
import {
  countWhere,
  createRecord,
  definedEntries,
  deleteRefs,
  findInTenant,
  refsOf,
  updateWithEtag,
  type StoreContext,
} from './store-context.js';
import { vectorSearch, type FilterBuilder } from './vector.js';

type AnyRecord = Record<string, unknown>;

/** The non-scope filters of a memory read or delete. */
interface MemoryFilter {
  readonly scope: ScopeFilter;
  readonly projectId?: string;
  readonly agents?: readonly string[];
  readonly agent?: string;
  readonly minConfidence?: number;
  readonly taskType?: string;
  readonly successOnly?: boolean;
  readonly domain?: string;
  readonly userId?: string;
  readonly category?: string;
}

/** The memory filters as predicates (the same rules as the reference store), pinned to the tenant's partition. */
export function memoryFilter(type: MemoryType, q: MemoryFilter): FilterBuilder {
  return (sql) => {
    const pk = scopeWhere(sql, q.scope, true);
    if (q.projectId !== undefined) sql.eq('projectId', q.projectId);
    if (type !== 'user_preference') {
      if (q.agents !== undefined) sql.in('agent', q.agents);
      if (q.agent !== undefined) sql.eq('agent', q.agent);
    }
    if (q.minConfidence !== undefined && MEMORY_TYPES_WITH_CONFIDENCE.includes(type)) {
      sql.where(`c.confidence >= ${sql.param(q.minConfidence)}`);
    }
    if (type === 'outcome') {
      if (q.taskType !== undefined) sql.eq('taskType', q.taskType);
      if (q.successOnly) sql.where('c.success = true');
    }
    if (type === 'domain_knowledge' && q.domain !== undefined) sql.eq('domain', q.domain);
    if (type === 'user_preference') {
      if (q.userId !== undefined) sql.eq('userId', q.userId);
      if (q.category !== undefined) sql.eq('category', q.category);
    }
    return pk;
  };
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function saveMemory<T extends MemoryType>(ctx: StoreContext, type: T, record: MemoryRecordMap[T]): Promise<string> {
  return createRecord(ctx.c[type], memoryCodec(type), validateMemory(type, record));
}

export async function saveMemories<T extends MemoryType>(
  ctx: StoreContext,
  type: T,
  records: readonly MemoryRecordMap[T][],
): Promise<string[]> {
  const valid = (records ?? []).map((r) => validateMemory(type, r));
  return saveMemoryBatch(ctx.c[type], memoryCodec(type), valid);
}

export async function getMemory<T extends MemoryType>(
  ctx: StoreContext,
  type: T,
  id: string,
  scope: ScopeFilter,
): Promise<MemoryRecordMap[T] | undefined> {
  const found = await findInTenant(ctx.c[type], id, parseScoped(id, scope, type));
  return found ? fromDoc<MemoryRecordMap[T]>(memoryCodec(type), found.doc) : undefined;
}

export async function queryMemories<T extends MemoryType>(
  ctx: StoreContext,
  type: T,
  query: MemoryQuery,
): Promise<Scored<MemoryRecordMap[T]>[]> {
  const q = parseArgs('memoryQuery', query);
  const topK = q.topK ?? 5;
  const codec = memoryCodec(type);
  if (topK === 0) return [];
  const filter = memoryFilter(type, q);
  if (q.embedding) {
    if (type === 'user_preference') return []; // preferences are never embedded
    const hits = await vectorSearch(ctx.c[type], ctx.vectorMode, filter, q.embedding, topK);
    return hits.map((h) => ({ record: fromDoc<MemoryRecordMap[T]>(codec, h.doc), similarity: h.similarity }));
  }
  const time = MEMORY_TIME_FIELD[type];
  const sql = new Sql();
  const pk = filter(sql);
  const docs = await ctx.c[type].queryAll<AnyRecord>(sql.build('*', { top: topK, orderBy: `c.${time} DESC, c.almaId ASC` }), pk);
  return docs
    .sort((a, b) => (b[time] as number) - (a[time] as number) || byId(a['almaId'] as string, b['almaId'] as string))
    .map((doc) => ({ record: fromDoc<MemoryRecordMap[T]>(codec, doc) }));
}

export async function updateMemory<T extends MemoryType>(
  ctx: StoreContext,
  type: T,
  id: string,
  patch: MemoryPatch<T>,
  scope: ScopeFilter,
): Promise<boolean> {
  const filter = parseScoped(id, scope, type);
  const { id: _i, agent: _a, projectId: _p, userId: _u, tenantId: _t, ...allowed } = (patch ?? {}) as AnyRecord;
  const changes = definedEntries(allowed);
  const coll = ctx.c[type];
  return updateWithEtag<AnyRecord>(coll, memoryCodec(type), () => findInTenant(coll, id, filter), (record) =>
    validateMemory(type, { ...record, ...changes, id: record['id'] }) as AnyRecord,
  );
}

/** occurrenceCount/successCount go up with an atomic patch (`incr`), so concurrent calls never lose a count. */
export async function incrementHeuristicOccurrence(
  ctx: StoreContext,
  id: string,
  success: boolean,
  scope: ScopeFilter,
): Promise<boolean> {
  const coll = ctx.c.heuristic;
  const found = await findInTenant(coll, id, parseScoped(id, scope, 'heuristic'));
  if (!found) return false;
  return coll.patch(found.doc.id, String(found.doc['pk']), [
    { op: 'incr', path: '/occurrenceCount', value: 1 },
    ...(success ? [{ op: 'incr' as const, path: '/successCount', value: 1 }] : []),
    { op: 'set', path: '/lastValidated', value: ctx.now().getTime() },
  ]);
}

/** Deletes the artifact links of a deleted memory (its memoryId partition, the memory's tenant only). */
export async function deleteLinksOf(ctx: StoreContext, memoryId: string, tenantId: string | undefined): Promise<void> {
  const sql = new Sql();
  sql.eq('memoryId', memoryId);
  tenantWhere(sql, { tenantId }, false);
  await deleteRefs(ctx.c.artifactLinks, await refsOf(ctx.c.artifactLinks, sql, CODECS.artifactLink.pkField, memoryId));
}

export async function deleteMemory(ctx: StoreContext, type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean> {
  const coll = ctx.c[type];
  const found = await findInTenant(coll, id, parseScoped(id, scope, type));
  if (!found || !(await coll.delete(found.doc.id, String(found.doc['pk'])))) return false;
  await deleteLinksOf(ctx, id, found.doc['tenantId'] as string | undefined);
  return true;
}

export async function deleteMemories(ctx: StoreContext, type: MemoryType, filter: MemoryDeleteFilter): Promise<number> {
  const f = parseArgs('memoryDelete', filter);
  const hasConfidence = MEMORY_TYPES_WITH_CONFIDENCE.includes(type);
  if (f.belowConfidence !== undefined && !hasConfidence) return 0; // no record of this type has a confidence
  const sql = new Sql();
  const pk = memoryFilter(type, { scope: f.scope, projectId: f.projectId, agent: f.agent })(sql);
  if (f.olderThan) sql.where(`c.${MEMORY_TIME_FIELD[type]} < ${sql.param(f.olderThan.getTime())}`);
  if (f.belowConfidence !== undefined) sql.where(`c.confidence < ${sql.param(f.belowConfidence)}`);
  const coll = ctx.c[type];
  const deleted = await deleteRefs(coll, await refsOf(coll, sql, 'pk', pk));
  for (const ref of deleted) await deleteLinksOf(ctx, ref.almaId, ref.tenantId);
  return deleted.length;
}

export async function getStats(ctx: StoreContext, query: StatsQuery): Promise<StorageStats> {
  const q = parseArgs('stats', query);
  const countOf = async (type: MemoryType): Promise<number> => {
    const sql = new Sql();
    const pk = memoryFilter(type, { scope: q.scope, projectId: q.projectId, agent: q.agent })(sql);
    return countWhere(ctx.c[type], sql, pk);
  };
  const outcomes = async (): Promise<number> => {
    const sql = new Sql();
    const pk = scopeWhere(sql, q.scope, true);
    sql.eq('projectId', q.projectId);
    if (q.agent !== undefined) sql.eq('agent', q.agent);
    return countWhere(ctx.c.workflowOutcomes, sql, pk);
  };
  const [workflowOutcomes, ...perType] = await Promise.all([outcomes(), ...MEMORY_TYPES.map(countOf)]);
  const counts = Object.fromEntries(MEMORY_TYPES.map((t, i) => [t, perType[i] ?? 0])) as Record<MemoryType, number>;
  const totalMemories = perType.reduce((a, b) => a + b, 0);
  return {
    projectId: q.projectId,
    ...(q.agent !== undefined ? { agent: q.agent } : {}),
    counts,
    workflowOutcomes: workflowOutcomes ?? 0,
    totalMemories,
  };
}
