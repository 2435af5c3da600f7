import { eq, gte, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type {
  AntiPattern,
  DomainKnowledge,
  Heuristic,
  MemoryQuery,
  MemoryRecord,
  MemoryType,
  Outcome,
  UserPreference,
} from '@alma/types';
import { antiPatterns, domainKnowledge, heuristics, outcomes, preferences } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';
import { iso, json, opt, parseJson, scopeFields, scopeValues, toDate } from './values.js';

/** Everything the generic memory queries need to know about one memory type's table. */
export interface MemorySpec {
  readonly type: MemoryType;
  /** For messages: "heuristic", "user preference" ... */
  readonly kind: string;
  readonly table: SQLiteTable;
  readonly id: SQLiteColumn;
  readonly scope: ScopeColumns;
  readonly projectId: SQLiteColumn;
  /** Owning agent; absent for user preferences (keyed by user). */
  readonly agent?: SQLiteColumn;
  /** The type's time field (MEMORY_TIME_FIELD). */
  readonly time: SQLiteColumn;
  readonly confidence?: SQLiteColumn;
  toRow(record: MemoryRecord): Record<string, unknown>;
  fromRow(row: Record<string, unknown>, embedding: Float32Array | undefined): MemoryRecord;
  /** The query filters only this type has (taskType, domain, userId ...). */
  filters(query: MemoryQuery): SQL[];
}

interface TypedSpec<T extends SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn }, R extends MemoryRecord>
  extends Omit<MemorySpec, 'toRow' | 'fromRow' | 'scope' | 'id'> {
  readonly table: T;
  toRow(record: R): T['$inferInsert'];
  fromRow(row: T['$inferSelect']): Omit<R, 'embedding'>;
}

/** Types the spec against its drizzle table, then erases it to the common shape. */
function define<T extends SQLiteTable & { id: SQLiteColumn; tenantId: SQLiteColumn; workflowId: SQLiteColumn; runId: SQLiteColumn; nodeId: SQLiteColumn }, R extends MemoryRecord>(
  spec: TypedSpec<T, R>,
): MemorySpec {
  const t = spec.table;
  return {
    ...spec,
    id: t.id,
    scope: { tenantId: t.tenantId, workflowId: t.workflowId, runId: t.runId, nodeId: t.nodeId },
    toRow: (record) => spec.toRow(record as R) as Record<string, unknown>,
    fromRow: (row, embedding) =>
      ({ ...spec.fromRow(row as T['$inferSelect']), ...opt('embedding', embedding) }) as unknown as MemoryRecord,
  };
}

const base = (r: { id: string; agent: string; projectId: string; metadata: Record<string, unknown> }) => ({
  id: r.id,
  agent: r.agent,
  projectId: r.projectId,
  metadata: json(r.metadata, 'metadata'),
});

export const heuristicSpec = define<typeof heuristics, Heuristic>({
  type: 'heuristic',
  kind: 'heuristic',
  table: heuristics,
  projectId: heuristics.projectId,
  agent: heuristics.agent,
  time: heuristics.lastValidated,
  confidence: heuristics.confidence,
  toRow: (r) => ({
    ...base(r),
    ...scopeValues(r),
    condition: r.condition,
    strategy: r.strategy,
    confidence: r.confidence,
    occurrenceCount: r.occurrenceCount,
    successCount: r.successCount,
    lastValidated: iso(r.lastValidated),
    createdAt: iso(r.createdAt),
  }),
  fromRow: (row) => ({
    id: row.id,
    agent: row.agent,
    projectId: row.projectId,
    ...scopeFields(row),
    condition: row.condition,
    strategy: row.strategy,
    confidence: row.confidence ?? 0,
    occurrenceCount: row.occurrenceCount ?? 0,
    successCount: row.successCount ?? 0,
    lastValidated: toDate(row.lastValidated),
    createdAt: toDate(row.createdAt ?? row.lastValidated),
    metadata: parseJson(row.metadata, {}),
  }),
  filters: () => [],
});

export const outcomeSpec = define<typeof outcomes, Outcome>({
  type: 'outcome',
  kind: 'outcome',
  table: outcomes,
  projectId: outcomes.projectId,
  agent: outcomes.agent,
  time: outcomes.timestamp,
  toRow: (r) => ({
    ...base(r),
    ...scopeValues(r),
    taskType: r.taskType,
    taskDescription: r.taskDescription,
    success: r.success ? 1 : 0,
    strategyUsed: r.strategyUsed,
    durationMs: r.durationMs ?? null,
    errorMessage: r.errorMessage ?? null,
    userFeedback: r.userFeedback ?? null,
    timestamp: iso(r.timestamp),
  }),
  fromRow: (row) => ({
    id: row.id,
    agent: row.agent,
    projectId: row.projectId,
    ...scopeFields(row),
    taskType: row.taskType ?? '',
    taskDescription: row.taskDescription,
    success: row.success === 1,
    strategyUsed: row.strategyUsed ?? '',
    ...opt('durationMs', row.durationMs),
    ...opt('errorMessage', row.errorMessage),
    ...opt('userFeedback', row.userFeedback),
    timestamp: toDate(row.timestamp),
    metadata: parseJson(row.metadata, {}),
  }),
  filters: (q) => [
    ...(q.taskType !== undefined ? [eq(outcomes.taskType, q.taskType)] : []),
    ...(q.successOnly ? [eq(outcomes.success, 1)] : []),
  ],
});

export const preferenceSpec = define<typeof preferences, UserPreference>({
  type: 'user_preference',
  kind: 'user preference',
  table: preferences,
  projectId: preferences.projectId,
  time: preferences.timestamp,
  confidence: preferences.confidence,
  toRow: (r) => ({
    id: r.id,
    ...scopeValues(r),
    projectId: r.projectId,
    userId: r.userId,
    category: r.category,
    preference: r.preference,
    source: r.source,
    confidence: r.confidence,
    timestamp: iso(r.timestamp),
    metadata: json(r.metadata, 'metadata'),
  }),
  fromRow: (row) => ({
    id: row.id,
    ...scopeFields(row),
    // ALMA v0.5 preferences had no project; they read as project '' (see README, migrations).
    projectId: row.projectId ?? '',
    userId: row.userId,
    category: row.category ?? '',
    preference: row.preference,
    source: row.source ?? '',
    confidence: row.confidence ?? 1,
    timestamp: toDate(row.timestamp),
    metadata: parseJson(row.metadata, {}),
  }),
  filters: (q) => [
    ...(q.userId !== undefined ? [eq(preferences.userId, q.userId)] : []),
    ...(q.category !== undefined ? [eq(preferences.category, q.category)] : []),
  ],
});

export const domainKnowledgeSpec = define<typeof domainKnowledge, DomainKnowledge>({
  type: 'domain_knowledge',
  kind: 'domain knowledge record',
  table: domainKnowledge,
  projectId: domainKnowledge.projectId,
  agent: domainKnowledge.agent,
  time: domainKnowledge.lastVerified,
  confidence: domainKnowledge.confidence,
  toRow: (r) => ({
    ...base(r),
    ...scopeValues(r),
    domain: r.domain,
    fact: r.fact,
    source: r.source,
    confidence: r.confidence,
    lastVerified: iso(r.lastVerified),
  }),
  fromRow: (row) => ({
    id: row.id,
    agent: row.agent,
    projectId: row.projectId,
    ...scopeFields(row),
    domain: row.domain ?? '',
    fact: row.fact,
    source: row.source ?? '',
    confidence: row.confidence ?? 1,
    lastVerified: toDate(row.lastVerified),
    metadata: parseJson(row.metadata, {}),
  }),
  filters: (q) => (q.domain !== undefined ? [eq(domainKnowledge.domain, q.domain)] : []),
});

export const antiPatternSpec = define<typeof antiPatterns, AntiPattern>({
  type: 'anti_pattern',
  kind: 'anti-pattern',
  table: antiPatterns,
  projectId: antiPatterns.projectId,
  agent: antiPatterns.agent,
  time: antiPatterns.lastSeen,
  toRow: (r) => ({
    ...base(r),
    ...scopeValues(r),
    pattern: r.pattern,
    whyBad: r.whyBad,
    betterAlternative: r.betterAlternative,
    occurrenceCount: r.occurrenceCount,
    lastSeen: iso(r.lastSeen),
    createdAt: iso(r.createdAt),
  }),
  fromRow: (row) => ({
    id: row.id,
    agent: row.agent,
    projectId: row.projectId,
    ...scopeFields(row),
    pattern: row.pattern,
    whyBad: row.whyBad ?? '',
    betterAlternative: row.betterAlternative ?? '',
    occurrenceCount: row.occurrenceCount ?? 1,
    lastSeen: toDate(row.lastSeen),
    createdAt: toDate(row.createdAt ?? row.lastSeen),
    metadata: parseJson(row.metadata, {}),
  }),
  filters: () => [],
});

export const MEMORY_SPECS: Readonly<Record<MemoryType, MemorySpec>> = {
  heuristic: heuristicSpec,
  outcome: outcomeSpec,
  user_preference: preferenceSpec,
  domain_knowledge: domainKnowledgeSpec,
  anti_pattern: antiPatternSpec,
};

/** `confidence >= min` for types with a confidence; nothing for the others (the filter does not apply). */
export function minConfidenceCondition(spec: MemorySpec, min: number | undefined): SQL[] {
  return spec.confidence && min !== undefined ? [gte(spec.confidence, min)] : [];
}
