import { z } from 'zod';

// The YAML configuration, with ALMA's snake_case keys (an ALMA `.alma/config.yaml` loads as is, where it uses
// keys we support). Every object is strict: an unknown key is an error naming its path.

const agentSchema = z
  .object({
    domain: z.string().min(1).optional(),
    can_learn: z.array(z.string().min(1)).default([]),
    cannot_learn: z.array(z.string().min(1)).default([]),
    share_with: z.array(z.string().min(1)).default([]),
    inherit_from: z.array(z.string().min(1)).default([]),
    min_occurrences_for_heuristic: z.number().int().min(1).default(3),
  })
  .strict();

const storageSchema = z
  .object({
    /** 'sqlite' | 'memory' | 'postgres' | 'cosmos', or the npm package name of a third-party adapter. */
    adapter: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const embeddingSchema = z
  .object({
    /** 'hashing' (alias 'local', the offline default) | 'openai' | 'azure' | 'transformers'. */
    provider: z.string().min(1).default('hashing'),
    dimension: z.number().int().min(8).max(8192).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const weightsSchema = z
  .object({
    similarity: z.number().min(0).optional(),
    recency: z.number().min(0).optional(),
    success_rate: z.number().min(0).optional(),
    confidence: z.number().min(0).optional(),
  })
  .strict();

const retrievalSchema = z
  .object({
    max_context_tokens: z.number().int().min(1).default(2000),
    cache_ttl_seconds: z.number().min(0).default(300),
    default_top_k: z.number().int().min(1).max(100).default(5),
    min_score: z.number().min(0).max(1).default(0.2),
    recency_half_life_days: z.number().positive().default(30),
    weights: weightsSchema.default({}),
  })
  .strict();

const memorySchema = z
  .object({
    max_heuristics_per_agent: z.number().int().min(1).default(100),
    max_outcomes_per_agent: z.number().int().min(1).default(500),
    max_anti_patterns_per_agent: z.number().int().min(1).default(50),
    prune_outcomes_older_than_days: z.number().positive().default(90),
    prune_heuristics_below_confidence: z.number().min(0).max(1).default(0.3),
  })
  .strict();

const learningSchema = z
  .object({
    anti_pattern_write_guard: z.boolean().default(true),
    strategy_similarity_threshold: z.number().min(0).max(1).default(0.75),
  })
  .strict();

const checkpointsSchema = z
  .object({
    max_state_size_bytes: z.number().int().min(1).default(1_048_576),
    on_run_complete: z
      .union([z.enum(['keep-all', 'delete-run']), z.object({ keep_last: z.number().int().min(0) }).strict()])
      .default('keep-all'),
  })
  .strict();

export const almaConfigSchema = z
  .object({
    project_id: z.string().min(1).default('default'),
    require_tenant: z.boolean().default(false),
    storage: z.union([z.string().min(1).transform((adapter) => ({ adapter, options: {} })), storageSchema]).default({
      adapter: 'sqlite',
      options: {},
    }),
    embedding: embeddingSchema.default({ provider: 'hashing', options: {} }),
    agents: z.record(z.string().min(1), agentSchema).default({}),
    memory: memorySchema.default(memorySchema.parse({})),
    retrieval: retrievalSchema.default(retrievalSchema.parse({})),
    learning: learningSchema.default(learningSchema.parse({})),
    checkpoints: checkpointsSchema.default(checkpointsSchema.parse({})),
  })
  .strict();

export type AlmaFileConfig = z.output<typeof almaConfigSchema>;
