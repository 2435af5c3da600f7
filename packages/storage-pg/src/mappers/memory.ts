import { eq, gte, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
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
import type { AlmaTables } from '../schema/index.js';
import type { ScopeColumns } from '../scope-sql.js';
import { json, opt, scopeFields, scopeValues, toDate } from './values.js';

/** Everything the generic memory queries need to know about one memory type's table. */
export interface MemorySpec {
  readonly type: MemoryType;
  /** For messages: "heuristic", "user preference" ... */
  readonly kind: string;
  readonly table: PgTable;
  readonly id: Column;
  readonly scope: ScopeColumns;
  readonly projectId: Column;
  /** Owning agent; absent for user preferences (keyed by user). */
  readonly agent?: Column;
  /** The type's time field (MEMORY_TIME_FIELD). */
  readonly time: Column;
  readonly confidence?: Column;
  /** The `vector(dim)` column; absent for user preferences. */
  readonly embedding?: Column;
  toRow(record: MemoryRecord): Record<string, unknown>;
  fromRow(row: Record<string, unknown>): MemoryRecord;
  /** The query filters only this type has (taskType, domain, userId ...). */
  filters(query: MemoryQuery): SQL[];
}

type Row<K extends keyof AlmaTables> = AlmaTables[K]['$inferSelect'];
const scopeOf = (t: { tenantId: Column; workflowId: Column; runId: Column; nodeId: Column }): ScopeColumns => ({
  tenantId: t.tenantId,
  workflowId: t.workflowId,
  runId: t.runId,
  nodeId: t.nodeId,
});
const base = (r: { id: string; agent: string; projectId: string; metadata: Record<string, unknown>; embedding?: Float32Array }) => ({
  id: r.id,
  agent: r.agent,
  projectId: r.projectId,
  metadata: json(r.metadata, 'metadata'),
  embedding: r.embedding ?? null,
});
const fromBase = (row: { id: string; agent: string; projectId: string; metadata: Record<string, unknown> | null; embedding: Float32Array | null; tenantId: string | null; workflowId: string | null; runId: string | null; nodeId: string | null }) => ({
  id: row.id,
  agent: row.agent,
  projectId: row.projectId,
  ...scopeFields(row),
  ...opt('embedding', row.embedding),
  metadata: row.metadata ?? {},
});

/** The five specs over one deployment's tables. */
export function memorySpecs(t: AlmaTables): Readonly<Record<MemoryType, MemorySpec>> {
  const h = t.heuristics;
  const heuristic: MemorySpec = {
    type: 'heuristic', kind: 'heuristic', table: h, id: h.id, scope: scopeOf(h), projectId: h.projectId,
    agent: h.agent, time: h.lastValidated, confidence: h.confidence, embedding: h.embedding,
    toRow: (rec) => {
      const r = rec as Heuristic;
      return { ...base(r), ...scopeValues(r), condition: r.condition, strategy: r.strategy, confidence: r.confidence,
        occurrenceCount: r.occurrenceCount, successCount: r.successCount, lastValidated: r.lastValidated, createdAt: r.createdAt };
    },
    fromRow: (raw) => {
      const row = raw as Row<'heuristics'>;
      return { ...fromBase(row), condition: row.condition, strategy: row.strategy, confidence: row.confidence ?? 0,
        occurrenceCount: row.occurrenceCount ?? 0, successCount: row.successCount ?? 0,
        lastValidated: toDate(row.lastValidated), createdAt: toDate(row.createdAt ?? row.lastValidated) } satisfies Heuristic;
    },
    filters: () => [],
  };
  const o = t.outcomes;
  const outcome: MemorySpec = {
    type: 'outcome', kind: 'outcome', table: o, id: o.id, scope: scopeOf(o), projectId: o.projectId,
    agent: o.agent, time: o.timestamp, embedding: o.embedding,
    toRow: (rec) => {
      const r = rec as Outcome;
      return { ...base(r), ...scopeValues(r), taskType: r.taskType, taskDescription: r.taskDescription, success: r.success,
        strategyUsed: r.strategyUsed, durationMs: r.durationMs ?? null, errorMessage: r.errorMessage ?? null,
        userFeedback: r.userFeedback ?? null, timestamp: r.timestamp };
    },
    fromRow: (raw) => {
      const row = raw as Row<'outcomes'>;
      return { ...fromBase(row), taskType: row.taskType ?? '', taskDescription: row.taskDescription,
        success: row.success === true, strategyUsed: row.strategyUsed ?? '', ...opt('durationMs', row.durationMs),
        ...opt('errorMessage', row.errorMessage), ...opt('userFeedback', row.userFeedback),
        timestamp: toDate(row.timestamp) } satisfies Outcome;
    },
    filters: (q) => [
      ...(q.taskType !== undefined ? [eq(o.taskType, q.taskType)] : []),
      ...(q.successOnly ? [eq(o.success, true)] : []),
    ],
  };
  const p = t.preferences;
  const preference: MemorySpec = {
    type: 'user_preference', kind: 'user preference', table: p, id: p.id, scope: scopeOf(p), projectId: p.projectId,
    time: p.timestamp, confidence: p.confidence,
    toRow: (rec) => {
      const r = rec as UserPreference;
      return { id: r.id, ...scopeValues(r), projectId: r.projectId, userId: r.userId, category: r.category,
        preference: r.preference, source: r.source, confidence: r.confidence, timestamp: r.timestamp,
        metadata: json(r.metadata, 'metadata') };
    },
    fromRow: (raw) => {
      const row = raw as Row<'preferences'>;
      // ALMA v0.5 preferences had no project; they read as project '' (see README, migrations).
      return { id: row.id, ...scopeFields(row), projectId: row.projectId ?? '', userId: row.userId,
        category: row.category ?? '', preference: row.preference, source: row.source ?? '', confidence: row.confidence ?? 1,
        timestamp: toDate(row.timestamp), metadata: row.metadata ?? {} } satisfies UserPreference;
    },
    filters: (q) => [
      ...(q.userId !== undefined ? [eq(p.userId, q.userId)] : []),
      ...(q.category !== undefined ? [eq(p.category, q.category)] : []),
    ],
  };
  const d = t.domainKnowledge;
  const domain: MemorySpec = {
    type: 'domain_knowledge', kind: 'domain knowledge record', table: d, id: d.id, scope: scopeOf(d),
    projectId: d.projectId, agent: d.agent, time: d.lastVerified, confidence: d.confidence, embedding: d.embedding,
    toRow: (rec) => {
      const r = rec as DomainKnowledge;
      return { ...base(r), ...scopeValues(r), domain: r.domain, fact: r.fact, source: r.source, confidence: r.confidence,
        lastVerified: r.lastVerified };
    },
    fromRow: (raw) => {
      const row = raw as Row<'domainKnowledge'>;
      return { ...fromBase(row), domain: row.domain ?? '', fact: row.fact, source: row.source ?? '',
        confidence: row.confidence ?? 1, lastVerified: toDate(row.lastVerified) } satisfies DomainKnowledge;
    },
    filters: (q) => (q.domain !== undefined ? [eq(d.domain, q.domain)] : []),
  };
  const a = t.antiPatterns;
  const anti: MemorySpec = {
    type: 'anti_pattern', kind: 'anti-pattern', table: a, id: a.id, scope: scopeOf(a), projectId: a.projectId,
    agent: a.agent, time: a.lastSeen, embedding: a.embedding,
    toRow: (rec) => {
      const r = rec as AntiPattern;
      return { ...base(r), ...scopeValues(r), pattern: r.pattern, whyBad: r.whyBad, betterAlternative: r.betterAlternative,
        occurrenceCount: r.occurrenceCount, lastSeen: r.lastSeen, createdAt: r.createdAt };
    },
    fromRow: (raw) => {
      const row = raw as Row<'antiPatterns'>;
      return { ...fromBase(row), pattern: row.pattern, whyBad: row.whyBad ?? '', betterAlternative: row.betterAlternative ?? '',
        occurrenceCount: row.occurrenceCount ?? 1, lastSeen: toDate(row.lastSeen),
        createdAt: toDate(row.createdAt ?? row.lastSeen) } satisfies AntiPattern;
    },
    filters: () => [],
  };
  return { heuristic, outcome, user_preference: preference, domain_knowledge: domain, anti_pattern: anti };
}

/** `confidence >= min` for types with a confidence; nothing for the others (the filter does not apply). */
export function minConfidenceCondition(spec: MemorySpec, min: number | undefined): SQL[] {
  return spec.confidence && min !== undefined ? [gte(spec.confidence, min)] : [];
}
