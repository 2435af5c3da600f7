import type { AntiPattern, DomainKnowledge, Heuristic, Outcome, UserPreference } from '@alma/types';
import type { SqlCodec, StorageForms, StoredJson } from '../codec.js';
import { assignScope, opt, scopeValues, type ScopeRow } from '../values.js';

type Json = Record<string, unknown>;

/** The columns every agent-owned memory row has. */
interface OwnedRow<F extends StorageForms> extends ScopeRow {
  readonly id: string;
  readonly agent: string;
  readonly projectId: string;
  readonly metadata: StoredJson<F, Json> | null;
}

export interface HeuristicRow<F extends StorageForms> extends OwnedRow<F> {
  readonly condition: string;
  readonly strategy: string;
  readonly confidence: number | null;
  readonly occurrenceCount: number | null;
  readonly successCount: number | null;
  readonly lastValidated: F['time'] | null;
  readonly createdAt: F['time'] | null;
}

export interface OutcomeRow<F extends StorageForms> extends OwnedRow<F> {
  readonly taskType: string | null;
  readonly taskDescription: string;
  readonly success: F['bool'] | null;
  readonly strategyUsed: string | null;
  readonly durationMs: number | null;
  readonly errorMessage: string | null;
  readonly userFeedback: string | null;
  readonly timestamp: F['time'] | null;
}

export interface PreferenceRow<F extends StorageForms> extends ScopeRow {
  readonly id: string;
  readonly projectId: string | null;
  readonly userId: string;
  readonly category: string | null;
  readonly preference: string;
  readonly source: string | null;
  readonly confidence: number | null;
  readonly timestamp: F['time'] | null;
  readonly metadata: StoredJson<F, Json> | null;
}

export interface DomainKnowledgeRow<F extends StorageForms> extends OwnedRow<F> {
  readonly domain: string | null;
  readonly fact: string;
  readonly source: string | null;
  readonly confidence: number | null;
  readonly lastVerified: F['time'] | null;
}

export interface AntiPatternRow<F extends StorageForms> extends OwnedRow<F> {
  readonly pattern: string;
  readonly whyBad: string | null;
  readonly betterAlternative: string | null;
  readonly occurrenceCount: number | null;
  readonly lastSeen: F['time'] | null;
  readonly createdAt: F['time'] | null;
}

type Owned = 'id' | 'agent' | 'projectId' | 'tenantId' | 'workflowId' | 'runId' | 'nodeId' | 'metadata' | 'embedding';

/**
 * Row mappers of the five memory types over one store's column forms, without embeddings (stores keep them in a
 * vector column or a table of their own; see `memorySpecs`). Reads build records by assignment: an object literal
 * spreading the scope fields between its own costs several µs a row, paid by every row of every read.
 */
export function memoryMappers<F extends StorageForms>(c: SqlCodec<F>) {
  const owned = (r: { id: string; agent: string; projectId: string; metadata: Json } & Parameters<typeof scopeValues>[0]) => ({
    id: r.id,
    agent: r.agent,
    projectId: r.projectId,
    metadata: c.json(r.metadata, 'metadata'),
    ...scopeValues(r),
  });
  /** id, agent, projectId, the scope fields present and metadata; the type's own fields are assigned after. */
  const ownedFromRow = (row: OwnedRow<F>): Record<string, unknown> => {
    const out = assignScope({ id: row.id, agent: row.agent, projectId: row.projectId }, row);
    out['metadata'] = c.readJson<Json>(row.metadata, {});
    return out;
  };
  return {
    heuristic: {
      toRow: (r: Heuristic) => ({
        ...owned(r),
        condition: r.condition,
        strategy: r.strategy,
        confidence: r.confidence,
        occurrenceCount: r.occurrenceCount,
        successCount: r.successCount,
        lastValidated: c.time(r.lastValidated),
        createdAt: c.time(r.createdAt),
      }),
      fromRow: (row: HeuristicRow<F>): Heuristic => {
        const own = {
          condition: row.condition,
          strategy: row.strategy,
          confidence: row.confidence ?? 0,
          occurrenceCount: row.occurrenceCount ?? 0,
          successCount: row.successCount ?? 0,
          lastValidated: c.readTime(row.lastValidated),
          createdAt: c.readTime(row.createdAt ?? row.lastValidated),
        } satisfies Omit<Heuristic, Owned>;
        return Object.assign(ownedFromRow(row), own) as Heuristic;
      },
    },
    outcome: {
      toRow: (r: Outcome) => ({
        ...owned(r),
        taskType: r.taskType,
        taskDescription: r.taskDescription,
        success: c.bool(r.success),
        strategyUsed: r.strategyUsed,
        durationMs: r.durationMs ?? null,
        errorMessage: r.errorMessage ?? null,
        userFeedback: r.userFeedback ?? null,
        timestamp: c.time(r.timestamp),
      }),
      fromRow: (row: OutcomeRow<F>): Outcome => {
        const own = {
          taskType: row.taskType ?? '',
          taskDescription: row.taskDescription,
          success: c.readBool(row.success),
          strategyUsed: row.strategyUsed ?? '',
        } satisfies Omit<Outcome, Owned | 'durationMs' | 'errorMessage' | 'userFeedback' | 'timestamp'>;
        return Object.assign(ownedFromRow(row), own, opt('durationMs', row.durationMs), opt('errorMessage', row.errorMessage),
          opt('userFeedback', row.userFeedback), { timestamp: c.readTime(row.timestamp) }) as Outcome;
      },
    },
    preference: {
      toRow: (r: UserPreference) => ({
        id: r.id,
        ...scopeValues(r),
        projectId: r.projectId,
        userId: r.userId,
        category: r.category,
        preference: r.preference,
        source: r.source,
        confidence: r.confidence,
        timestamp: c.time(r.timestamp),
        metadata: c.json(r.metadata, 'metadata'),
      }),
      fromRow: (row: PreferenceRow<F>): UserPreference => {
        const own = {
          // ALMA v0.5 preferences had no project; they read as project '' (see the adapters' READMEs, migrations).
          projectId: row.projectId ?? '',
          userId: row.userId,
          category: row.category ?? '',
          preference: row.preference,
          source: row.source ?? '',
          confidence: row.confidence ?? 1,
          timestamp: c.readTime(row.timestamp),
          metadata: c.readJson<Json>(row.metadata, {}),
        } satisfies Omit<UserPreference, 'id' | 'tenantId' | 'workflowId' | 'runId' | 'nodeId'>;
        return Object.assign(assignScope({ id: row.id }, row), own) as UserPreference;
      },
    },
    domainKnowledge: {
      toRow: (r: DomainKnowledge) => ({
        ...owned(r),
        domain: r.domain,
        fact: r.fact,
        source: r.source,
        confidence: r.confidence,
        lastVerified: c.time(r.lastVerified),
      }),
      fromRow: (row: DomainKnowledgeRow<F>): DomainKnowledge => {
        const own = {
          domain: row.domain ?? '',
          fact: row.fact,
          source: row.source ?? '',
          confidence: row.confidence ?? 1,
          lastVerified: c.readTime(row.lastVerified),
        } satisfies Omit<DomainKnowledge, Owned>;
        return Object.assign(ownedFromRow(row), own) as DomainKnowledge;
      },
    },
    antiPattern: {
      toRow: (r: AntiPattern) => ({
        ...owned(r),
        pattern: r.pattern,
        whyBad: r.whyBad,
        betterAlternative: r.betterAlternative,
        occurrenceCount: r.occurrenceCount,
        lastSeen: c.time(r.lastSeen),
        createdAt: c.time(r.createdAt),
      }),
      fromRow: (row: AntiPatternRow<F>): AntiPattern => {
        const own = {
          pattern: row.pattern,
          whyBad: row.whyBad ?? '',
          betterAlternative: row.betterAlternative ?? '',
          occurrenceCount: row.occurrenceCount ?? 1,
          lastSeen: c.readTime(row.lastSeen),
          createdAt: c.readTime(row.createdAt ?? row.lastSeen),
        } satisfies Omit<AntiPattern, Owned>;
        return Object.assign(ownedFromRow(row), own) as AntiPattern;
      },
    },
  };
}
