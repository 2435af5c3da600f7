import {
  heuristicSuccessRate,
  MEMORY_TYPES,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type MemoryType,
  type Outcome,
  type UserPreference,
  type WorkflowOutcome,
} from '@alma/types';

/** The five memory types and workflow outcomes: every list the memories page shows. */
export type MemoryKind = MemoryType | 'workflow_outcome';
export const MEMORY_KINDS: readonly MemoryKind[] = [...MEMORY_TYPES, 'workflow_outcome'];

export const SORT_KEYS = ['lastUsed', 'created', 'confidence', 'successRate'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** A memory as a list row: no embedding, texts cut, the numbers a sort uses. */
export interface MemoryRow {
  readonly kind: MemoryKind;
  readonly id: string;
  readonly tenantId?: string;
  readonly agent?: string;
  readonly userId?: string;
  readonly workflowId?: string;
  readonly runId?: string;
  readonly title: string;
  readonly subtitle: string;
  readonly confidence?: number;
  readonly successRate?: number;
  readonly occurrences?: number;
  readonly lastUsed: Date;
  readonly created: Date;
}

type AnyRecord = Record<string, unknown> & { id: string };

/** How one kind is shown and sorted. `created` falls back to the time field where a kind has no creation time. */
interface KindSpec<R> {
  readonly label: string;
  readonly title: (r: R) => string;
  readonly subtitle: (r: R) => string;
  readonly lastUsed: (r: R) => Date;
  readonly created: (r: R) => Date;
  readonly confidence?: (r: R) => number;
  readonly successRate?: (r: R) => number;
  readonly occurrences?: (r: R) => number;
  /** Every text the text filter searches. */
  readonly text: (r: R) => string;
}

const pct = (n: number): string => `${Math.round(n * 100)}%`;

const SPECS: { [K in MemoryKind]: KindSpec<K extends MemoryType ? RecordOf<K> : WorkflowOutcome> } = {
  heuristic: {
    label: 'Heuristic',
    title: (h) => h.strategy,
    subtitle: (h) => `${h.condition} · ${h.successCount}/${h.occurrenceCount} successes`,
    lastUsed: (h) => h.lastValidated,
    created: (h) => h.createdAt,
    confidence: (h) => h.confidence,
    successRate: (h) => heuristicSuccessRate(h),
    occurrences: (h) => h.occurrenceCount,
    text: (h) => `${h.condition} ${h.strategy}`,
  },
  outcome: {
    label: 'Outcome',
    title: (o) => o.taskDescription,
    subtitle: (o) => `${o.success ? 'success' : 'failure'} · ${o.taskType} · ${o.strategyUsed}`,
    lastUsed: (o) => o.timestamp,
    created: (o) => o.timestamp,
    successRate: (o) => (o.success ? 1 : 0),
    text: (o) => [o.taskType, o.taskDescription, o.strategyUsed, o.errorMessage ?? '', o.userFeedback ?? ''].join(' '),
  },
  user_preference: {
    label: 'User preference',
    title: (p) => p.preference,
    subtitle: (p) => `${p.category} · ${p.source} · user ${p.userId}`,
    lastUsed: (p) => p.timestamp,
    created: (p) => p.timestamp,
    confidence: (p) => p.confidence,
    text: (p) => `${p.category} ${p.preference} ${p.userId}`,
  },
  domain_knowledge: {
    label: 'Domain knowledge',
    title: (k) => k.fact,
    subtitle: (k) => `${k.domain} · ${k.source} · confidence ${pct(k.confidence)}`,
    lastUsed: (k) => k.lastVerified,
    created: (k) => k.lastVerified,
    confidence: (k) => k.confidence,
    text: (k) => `${k.domain} ${k.fact} ${k.source}`,
  },
  anti_pattern: {
    label: 'Anti-pattern',
    title: (a) => a.pattern,
    subtitle: (a) => `${a.whyBad || '(no reason)'} · seen ${a.occurrenceCount}×`,
    lastUsed: (a) => a.lastSeen,
    created: (a) => a.createdAt,
    occurrences: (a) => a.occurrenceCount,
    text: (a) => `${a.pattern} ${a.whyBad} ${a.betterAlternative}`,
  },
  workflow_outcome: {
    label: 'Workflow outcome',
    title: (w) => w.summary,
    subtitle: (w) => `${w.result} · workflow ${w.workflowId} · run ${w.runId}`,
    lastUsed: (w) => w.createdAt,
    created: (w) => w.createdAt,
    successRate: (w) => (w.result === 'success' ? 1 : w.result === 'partial' ? 0.5 : 0),
    text: (w) => [w.summary, ...w.strategiesUsed, ...w.successfulPatterns, ...w.failedPatterns, w.errorMessage ?? ''].join(' '),
  },
};

type RecordOf<K extends MemoryType> = {
  heuristic: Heuristic;
  outcome: Outcome;
  user_preference: UserPreference;
  domain_knowledge: DomainKnowledge;
  anti_pattern: AntiPattern;
}[K];

const spec = (kind: MemoryKind): KindSpec<AnyRecord> => SPECS[kind] as unknown as KindSpec<AnyRecord>;

export const kindLabel = (kind: MemoryKind): string => spec(kind).label;

/** The sorts a kind supports: every kind has lastUsed and created; confidence and success rate where they exist. */
export function sortsOf(kind: MemoryKind): SortKey[] {
  const s = spec(kind);
  return SORT_KEYS.filter((k) => k === 'lastUsed' || k === 'created' || s[k] !== undefined);
}

const cut = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function toRow(kind: MemoryKind, record: AnyRecord): MemoryRow {
  const s = spec(kind);
  const str = (key: string): Record<string, string> =>
    typeof record[key] === 'string' ? { [key]: record[key] as string } : {};
  return {
    kind,
    id: record.id,
    ...str('tenantId'), ...str('agent'), ...str('userId'), ...str('workflowId'), ...str('runId'),
    title: cut(s.title(record)),
    subtitle: cut(s.subtitle(record)),
    ...(s.confidence ? { confidence: s.confidence(record) } : {}),
    ...(s.successRate ? { successRate: s.successRate(record) } : {}),
    ...(s.occurrences ? { occurrences: s.occurrences(record) } : {}),
    lastUsed: s.lastUsed(record),
    created: s.created(record),
  };
}

/** Lower-cased text the text filter matches against. */
export const searchTextOf = (kind: MemoryKind, record: AnyRecord): string => `${record.id} ${spec(kind).text(record)}`.toLowerCase();

/** The value a row sorts by. */
export function sortValue(row: MemoryRow, key: SortKey): number {
  if (key === 'lastUsed') return row.lastUsed.getTime();
  if (key === 'created') return row.created.getTime();
  return row[key] ?? 0;
}
