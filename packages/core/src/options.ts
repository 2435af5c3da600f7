import type { CheckpointManagerOptions } from '@alma/checkpoint';
import type { EmbeddingProvider, ScoringWeights } from '@alma/retrieval';
import type { FactExtractor } from './extraction/types.js';
import type { DecayFunction } from './forgetting/decay.js';
import type { HealthThresholds } from './forgetting/health.js';
import type { PrunePolicyInput } from './forgetting/policy.js';
import type { Logger } from './telemetry/logger.js';
import type { TelemetryOptions } from './telemetry/telemetry.js';
import { ConfigError, memoryScopeSchema, parseInput, ValidationError, type StorageBackend } from '@alma/types';
import { z } from 'zod';

/** An agent's MemoryScope as configured (the agent name is the key of `agents`). */
export const agentScopeSchema = memoryScopeSchema.omit({ agentName: true });
export type AgentScopeInput = z.input<typeof agentScopeSchema>;

export interface AlmaOptions {
  /** Any StorageBackend: `new SqliteStorage(...)`, `new MemoryStorage()`, PostgreSQL, Cosmos DB. */
  storage: StorageBackend;
  /** @default 'default' */
  projectId?: string;
  /** Embeds memories at write time and queries at read time. @default new HashingEmbedder() (offline, 384 dims) */
  embedder?: EmbeddingProvider;
  /** Each agent's MemoryScope: canLearn / cannotLearn / shareWith / inheritFrom / minOccurrencesForHeuristic. */
  agents?: Record<string, AgentScopeInput>;
  /** Reject every call whose context has no tenantId. @default false */
  requireTenant?: boolean;
  retrieval?: {
    /** @default { similarity: .4, recency: .3, successRate: .2, confidence: .1 } */
    weights?: Partial<ScoringWeights>;
    /** @default 0.2 */
    minScore?: number;
    /** @default 30 */
    recencyHalfLifeDays?: number;
    /** @default 5 */
    defaultTopK?: number;
    /** 0 turns the cache off. @default 300 */
    cacheTtlSeconds?: number;
    /** Token budget of `ALMA.toPrompt`. @default 2000 */
    maxContextTokens?: number;
  };
  memory?: {
    /** @default 100 */ maxHeuristicsPerAgent?: number;
    /** @default 500 */ maxOutcomesPerAgent?: number;
    /** @default 50 */ maxAntiPatternsPerAgent?: number;
    /** Default of `forget({ olderThanDays })`. @default 90 */ pruneOutcomesOlderThanDays?: number;
    /** Default of `forget({ belowConfidence })`. @default 0.3 */ pruneHeuristicsBelowConfidence?: number;
  };
  learning?: {
    /** Block learning what matches a known anti-pattern (ALMA Atlas G2). @default true */
    antiPatternWriteGuard?: boolean;
    /** Cosine similarity at which two strategies count as the same. @default 0.75 */
    strategySimilarityThreshold?: number;
  };
  /** Passed to the CheckpointManager (maxStateSizeBytes, cleanup policy...). `requireTenant` is taken from above. */
  checkpoints?: Omit<CheckpointManagerOptions, 'requireTenant'>;
  /** `alma.forgetting`: prune policy defaults (quotas and ages default to `memory`), decay curve, health thresholds. */
  forgetting?: {
    policy?: PrunePolicyInput;
    /** @default new ExponentialDecay(30) */
    decay?: DecayFunction;
    /** `applyDecay` deletes what decays below this. @default 0.1 */
    pruneBelowConfidence?: number;
    health?: { thresholds?: Partial<HealthThresholds>; /** @default 60 */ staleDays?: number; /** @default 0.3 */ lowConfidenceThreshold?: number };
  };
  /** `alma.confidence`. */
  confidence?: { /** @default 3 */ minOccurrencesForConfidence?: number; /** @default 30 */ recentDays?: number };
  /** `alma.sessions`: rules listed in every session orientation. @default [] */
  sessions?: { rulesOfEngagement?: string[] };
  /** `alma.extraction`: the fact extractor (e.g. `new LLMFactExtractor(client)`) and the commit threshold. */
  extraction?: {
    /** @default new RuleBasedExtractor() (offline, deterministic) */
    extractor?: FactExtractor;
    /** @default 0.5 */
    minConfidence?: number;
  };
  /**
   * OpenTelemetry spans and metrics through `@opentelemetry/api` (an optional peer dependency: without it nothing is
   * recorded). `false` turns them off. @default {} (the API's global providers, a no-op until an SDK registers one)
   */
  telemetry?: TelemetryOptions | false;
  /** A pino-style logger (`logger.info(fields, message)`): operations at debug, learning at info, failures at error. */
  logger?: Logger;
  /** Clock. @default () => new Date() */
  now?: () => Date;
}

const count = z.number().int().min(1);

export const almaOptionsSchema = z
  .object({
    storage: z.custom<StorageBackend>(
      (v) => typeof (v as StorageBackend | undefined)?.saveMemory === 'function',
      'must be a StorageBackend (e.g. new SqliteStorage({ path }))',
    ),
    projectId: z.string().min(1).max(256).default('default'),
    embedder: z.custom<EmbeddingProvider>((v) => typeof (v as EmbeddingProvider)?.embed === 'function').optional(),
    agents: z.record(z.string().min(1), agentScopeSchema).default({}),
    requireTenant: z.boolean().default(false),
    retrieval: z
      .object({
        weights: z.record(z.string(), z.number().min(0)).optional(),
        minScore: z.number().min(0).max(1).optional(),
        recencyHalfLifeDays: z.number().positive().optional(),
        defaultTopK: z.number().int().min(1).max(100).default(5),
        cacheTtlSeconds: z.number().min(0).default(300),
        maxContextTokens: z.number().int().min(1).default(2000),
      })
      .strict()
      .default({ defaultTopK: 5, cacheTtlSeconds: 300, maxContextTokens: 2000 }),
    memory: z
      .object({
        maxHeuristicsPerAgent: count.default(100),
        maxOutcomesPerAgent: count.default(500),
        maxAntiPatternsPerAgent: count.default(50),
        pruneOutcomesOlderThanDays: z.number().positive().default(90),
        pruneHeuristicsBelowConfidence: z.number().min(0).max(1).default(0.3),
      })
      .strict()
      .default({
        maxHeuristicsPerAgent: 100, maxOutcomesPerAgent: 500, maxAntiPatternsPerAgent: 50,
        pruneOutcomesOlderThanDays: 90, pruneHeuristicsBelowConfidence: 0.3,
      }),
    learning: z
      .object({
        antiPatternWriteGuard: z.boolean().default(true),
        strategySimilarityThreshold: z.number().min(0).max(1).default(0.75),
      })
      .strict()
      .default({ antiPatternWriteGuard: true, strategySimilarityThreshold: 0.75 }),
    checkpoints: z.record(z.string(), z.unknown()).default({}),
    forgetting: z
      .object({
        policy: z.record(z.string(), z.unknown()).optional(),
        decay: z.custom<DecayFunction>((v) => typeof (v as DecayFunction | undefined)?.compute === 'function', 'must be a DecayFunction').optional(),
        pruneBelowConfidence: z.number().min(0).max(1).optional(),
        health: z
          .object({
            thresholds: z.record(z.string(), z.number().min(0)).optional(),
            staleDays: z.number().positive().optional(),
            lowConfidenceThreshold: z.number().min(0).max(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    confidence: z
      .object({ minOccurrencesForConfidence: count.optional(), recentDays: z.number().positive().optional() })
      .strict()
      .default({}),
    sessions: z.object({ rulesOfEngagement: z.array(z.string().min(1)).optional() }).strict().default({}),
    extraction: z
      .object({
        extractor: z.custom<FactExtractor>((v) => typeof (v as FactExtractor | undefined)?.extract === 'function', 'must be a FactExtractor').optional(),
        minConfidence: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({}),
    now: z.custom<() => Date>((v) => typeof v === 'function').optional(),
    telemetry: z
      .union([
        z.literal(false),
        z
          .object({
            tracerProvider: z.custom<NonNullable<TelemetryOptions['tracerProvider']>>((v) => typeof (v as { getTracer?: unknown })?.getTracer === 'function', 'must be a TracerProvider').optional(),
            meterProvider: z.custom<NonNullable<TelemetryOptions['meterProvider']>>((v) => typeof (v as { getMeter?: unknown })?.getMeter === 'function', 'must be a MeterProvider').optional(),
            includeText: z.boolean().optional(),
          })
          .strict(),
      ])
      .optional(),
    logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null, 'must be a logger object (pino-style)').optional(),
  })
  .strict();
export type ResolvedAlmaOptions = z.output<typeof almaOptionsSchema>;

/** Options are configuration: a bad one is a ConfigError naming the key. */
export function resolveAlmaOptions(options: AlmaOptions): ResolvedAlmaOptions {
  try {
    return parseInput(almaOptionsSchema, options, 'ALMA options');
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
}
