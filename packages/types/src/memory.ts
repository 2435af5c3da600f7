import { z } from 'zod';
import {
  countSchema,
  dateSchema,
  embeddingSchema,
  idSchema,
  metadataSchema,
  nonEmptyTextSchema,
  textSchema,
  unitIntervalSchema,
} from './primitives.js';
import { scopeFieldsSchema } from './scope-fields.js';

/** The five memory types, with ALMA's enum values. */
export const MemoryType = {
  Heuristic: 'heuristic',
  Outcome: 'outcome',
  UserPreference: 'user_preference',
  DomainKnowledge: 'domain_knowledge',
  AntiPattern: 'anti_pattern',
} as const;
export type MemoryType = (typeof MemoryType)[keyof typeof MemoryType];
export const MEMORY_TYPES: readonly MemoryType[] = Object.values(MemoryType);
export const memoryTypeSchema = z.enum(MEMORY_TYPES as [MemoryType, ...MemoryType[]]);

/** Id prefixes ALMA uses when it creates a memory. */
export const MEMORY_ID_PREFIX: Readonly<Record<MemoryType, string>> = {
  heuristic: 'heur',
  outcome: 'out',
  user_preference: 'pref',
  domain_knowledge: 'dk',
  anti_pattern: 'anti',
};

/** Memory types that carry an embedding and support similarity search (all but preferences). */
export const VECTOR_MEMORY_TYPES: readonly MemoryType[] = ['heuristic', 'outcome', 'domain_knowledge', 'anti_pattern'];

const agentMemoryBase = scopeFieldsSchema.extend({
  id: idSchema,
  agent: idSchema,
  projectId: idSchema,
  embedding: embeddingSchema.optional(),
  metadata: metadataSchema.default({}),
});

/** A learned rule: "when condition X, strategy Y works N% of the time". */
export const heuristicSchema = agentMemoryBase.extend({
  condition: nonEmptyTextSchema,
  strategy: nonEmptyTextSchema,
  confidence: unitIntervalSchema,
  occurrenceCount: countSchema,
  successCount: countSchema,
  lastValidated: dateSchema,
  createdAt: dateSchema,
});
export type Heuristic = z.output<typeof heuristicSchema>;

/** The raw record of one task execution. */
export const outcomeSchema = agentMemoryBase.extend({
  taskType: nonEmptyTextSchema,
  taskDescription: nonEmptyTextSchema,
  success: z.boolean(),
  strategyUsed: textSchema,
  durationMs: z.number().int().min(0).optional(),
  errorMessage: textSchema.optional(),
  userFeedback: textSchema.optional(),
  timestamp: dateSchema,
});
export type Outcome = z.output<typeof outcomeSchema>;

/** A cross-session user constraint; keyed by user, not by agent, and never embedded. */
export const userPreferenceSchema = scopeFieldsSchema.extend({
  id: idSchema,
  projectId: idSchema,
  userId: idSchema,
  category: nonEmptyTextSchema,
  preference: nonEmptyTextSchema,
  source: nonEmptyTextSchema,
  confidence: unitIntervalSchema,
  timestamp: dateSchema,
  metadata: metadataSchema.default({}),
});
export type UserPreference = z.output<typeof userPreferenceSchema>;

/** A fact (not a strategy) inside an agent's domain. */
export const domainKnowledgeSchema = agentMemoryBase.extend({
  domain: nonEmptyTextSchema,
  fact: nonEmptyTextSchema,
  source: nonEmptyTextSchema,
  confidence: unitIntervalSchema,
  lastVerified: dateSchema,
});
export type DomainKnowledge = z.output<typeof domainKnowledgeSchema>;

/** What not to do, learned from repeated failures. */
export const antiPatternSchema = agentMemoryBase.extend({
  pattern: nonEmptyTextSchema,
  whyBad: textSchema,
  betterAlternative: textSchema,
  occurrenceCount: countSchema,
  lastSeen: dateSchema,
  createdAt: dateSchema,
});
export type AntiPattern = z.output<typeof antiPatternSchema>;

/** Maps each memory type to its record type; the storage contract is generic over it. */
export interface MemoryRecordMap {
  heuristic: Heuristic;
  outcome: Outcome;
  user_preference: UserPreference;
  domain_knowledge: DomainKnowledge;
  anti_pattern: AntiPattern;
}
export type MemoryRecord = MemoryRecordMap[MemoryType];

export const MEMORY_SCHEMAS = {
  heuristic: heuristicSchema,
  outcome: outcomeSchema,
  user_preference: userPreferenceSchema,
  domain_knowledge: domainKnowledgeSchema,
  anti_pattern: antiPatternSchema,
} as const;

/** Fields a caller may change with `updateMemory`; identity and ownership fields never change. */
export type MemoryPatch<T extends MemoryType> = Partial<
  Omit<MemoryRecordMap[T], 'id' | 'agent' | 'projectId' | 'userId' | 'tenantId'>
>;

/** success_count / occurrence_count, 0 when the heuristic never occurred. */
export function heuristicSuccessRate(h: Pick<Heuristic, 'occurrenceCount' | 'successCount'>): number {
  return h.occurrenceCount > 0 ? h.successCount / h.occurrenceCount : 0;
}

/** The text ALMA embeds for each memory type at write time. */
export function embeddingTextOf<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): string {
  switch (type) {
    case 'heuristic': {
      const h = record as Heuristic;
      return `${h.condition} ${h.strategy}`;
    }
    case 'outcome': {
      const o = record as Outcome;
      return `${o.taskDescription} ${o.strategyUsed}`;
    }
    case 'domain_knowledge':
      return (record as DomainKnowledge).fact;
    case 'anti_pattern': {
      const a = record as AntiPattern;
      return `${a.pattern} ${a.whyBad}`;
    }
    default: {
      const p = record as UserPreference;
      return p.preference;
    }
  }
}
