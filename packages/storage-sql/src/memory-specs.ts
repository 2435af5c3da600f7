import { eq, gte, type Column, type SQL, type Table } from 'drizzle-orm';
import type { MemoryQuery, MemoryRecord, MemoryType } from '@alma/types';
import type { SqlCodec, StorageForms } from './codec.js';
import { memoryMappers } from './rows/memory.js';
import type { ScopeColumns } from './scope-sql.js';

/** How messages name one record of each memory type. */
export const MEMORY_KINDS: Readonly<Record<MemoryType, string>> = {
  heuristic: 'heuristic',
  outcome: 'outcome',
  user_preference: 'user preference',
  domain_knowledge: 'domain knowledge record',
  anti_pattern: 'anti-pattern',
};

/** Everything the generic memory queries need to know about one memory type's table. */
export interface MemorySpec<T = Table, C = Column> {
  readonly type: MemoryType;
  /** For messages: "heuristic", "user preference" ... */
  readonly kind: string;
  readonly table: T;
  readonly id: C;
  readonly scope: ScopeColumns<C>;
  readonly projectId: C;
  /** Owning agent; absent for user preferences (keyed by user). */
  readonly agent?: C;
  /** The type's time field (MEMORY_TIME_FIELD). */
  readonly time: C;
  readonly confidence?: C;
  /** The row's own vector column (pgvector); absent where the store keeps embeddings elsewhere, and for preferences. */
  readonly embedding?: C;
  toRow(record: MemoryRecord): Record<string, unknown>;
  /** `embedding`: the record's vector when the store keeps it outside the row; else the row's `embedding` is read. */
  fromRow(row: Record<string, unknown>, embedding?: Float32Array | null): MemoryRecord;
  /** The query filters only this type has (taskType, domain, userId ...). */
  filters(query: MemoryQuery): SQL[];
}

interface MemoryColumns<C> {
  readonly id: C;
  readonly projectId: C;
  readonly tenantId: C;
  readonly workflowId: C;
  readonly runId: C;
  readonly nodeId: C;
  /** Present where the store keeps the vector in the row. */
  readonly embedding?: C;
}

/** The five memory tables of one store, with the columns the specs name. */
export interface MemoryTables<T, C> {
  readonly heuristics: T & MemoryColumns<C> & { readonly agent: C; readonly lastValidated: C; readonly confidence: C };
  readonly outcomes: T & MemoryColumns<C> & { readonly agent: C; readonly timestamp: C; readonly taskType: C; readonly success: C };
  readonly preferences: T & MemoryColumns<C> & { readonly timestamp: C; readonly confidence: C; readonly userId: C; readonly category: C };
  readonly domainKnowledge: T & MemoryColumns<C> & { readonly agent: C; readonly lastVerified: C; readonly confidence: C; readonly domain: C };
  readonly antiPatterns: T & MemoryColumns<C> & { readonly agent: C; readonly lastSeen: C };
}

type Shape<T, C> = Omit<MemorySpec<T, C>, 'toRow' | 'fromRow' | 'id' | 'scope' | 'embedding' | 'table'> & {
  readonly table: T & MemoryColumns<C>;
};

/** Erases one type's typed mapper to the common spec; an embedding column of the table is written and read too. */
function define<T, C, R extends MemoryRecord, Row>(
  shape: Shape<T, C>,
  mapper: { toRow(record: R): Record<string, unknown>; fromRow(row: Row): Omit<R, 'embedding'> },
): MemorySpec<T, C> {
  const t = shape.table;
  const inline = t.embedding !== undefined;
  return {
    ...shape,
    id: t.id,
    scope: { tenantId: t.tenantId, workflowId: t.workflowId, runId: t.runId, nodeId: t.nodeId },
    ...(inline ? { embedding: t.embedding } : {}),
    toRow: inline
      ? (record) => Object.assign(mapper.toRow(record as R), { embedding: (record as { embedding?: Float32Array }).embedding ?? null })
      : (record) => mapper.toRow(record as R),
    fromRow: (row, embedding) => {
      const record = mapper.fromRow(row as Row) as Record<string, unknown>;
      const vector = embedding ?? (inline ? (row['embedding'] as Float32Array | null | undefined) : undefined);
      if (vector !== undefined && vector !== null) record['embedding'] = vector;
      return record as unknown as MemoryRecord;
    },
  };
}

/** The five specs over one store's tables and column forms. */
export function memorySpecs<F extends StorageForms, T, C extends Column>(
  c: SqlCodec<F>,
  t: MemoryTables<T, C>,
): Readonly<Record<MemoryType, MemorySpec<T, C>>> {
  const m = memoryMappers(c);
  const { heuristics: h, outcomes: o, preferences: p, domainKnowledge: d, antiPatterns: a } = t;
  return {
    heuristic: define(
      { type: 'heuristic', kind: MEMORY_KINDS.heuristic, table: h, projectId: h.projectId, agent: h.agent, time: h.lastValidated,
        confidence: h.confidence, filters: () => [] },
      m.heuristic,
    ),
    outcome: define(
      { type: 'outcome', kind: MEMORY_KINDS.outcome, table: o, projectId: o.projectId, agent: o.agent, time: o.timestamp,
        filters: (q) => [
          ...(q.taskType !== undefined ? [eq(o.taskType, q.taskType)] : []),
          ...(q.successOnly ? [eq(o.success, c.bool(true))] : []),
        ] },
      m.outcome,
    ),
    user_preference: define(
      { type: 'user_preference', kind: MEMORY_KINDS.user_preference, table: p, projectId: p.projectId, time: p.timestamp,
        confidence: p.confidence,
        filters: (q) => [
          ...(q.userId !== undefined ? [eq(p.userId, q.userId)] : []),
          ...(q.category !== undefined ? [eq(p.category, q.category)] : []),
        ] },
      m.preference,
    ),
    domain_knowledge: define(
      { type: 'domain_knowledge', kind: MEMORY_KINDS.domain_knowledge, table: d, projectId: d.projectId, agent: d.agent,
        time: d.lastVerified, confidence: d.confidence,
        filters: (q) => (q.domain !== undefined ? [eq(d.domain, q.domain)] : []) },
      m.domainKnowledge,
    ),
    anti_pattern: define(
      { type: 'anti_pattern', kind: MEMORY_KINDS.anti_pattern, table: a, projectId: a.projectId, agent: a.agent, time: a.lastSeen,
        filters: () => [] },
      m.antiPattern,
    ),
  };
}

/** `confidence >= min` for types with a confidence; nothing for the others (the filter does not apply). */
export function minConfidenceCondition(spec: Pick<MemorySpec<unknown, Column>, 'confidence'>, min: number | undefined): SQL[] {
  return spec.confidence && min !== undefined ? [gte(spec.confidence, min)] : [];
}
