import { z } from 'zod';
import {
  ConfigError,
  MAX_TEXT_LENGTH,
  ValidationError,
  idSchema,
  memoryScopeSchema,
  parseInput,
  retrievalScopeSchema,
  type MemoryScopeInput,
  type RetrievalScope,
  type StorageBackend,
  type WorkflowContext,
  type WorkflowContextInit,
} from '@alma/types';
import type { EmbeddingProvider } from './embedding/provider.js';
import type { ScoringWeights } from './scoring.js';

export interface RetrievalEngineOptions {
  storage: StorageBackend;
  /** @default new HashingEmbedder() (offline, lexical, 384 dimensions) */
  embedder?: EmbeddingProvider;
  /** Missing weights take ALMA's defaults; rescaled to sum 1. @default { similarity: .4, recency: .3, successRate: .2, confidence: .1 } */
  weights?: Partial<ScoringWeights>;
  /** @default 30 */
  recencyHalfLifeDays?: number;
  /** Memories scoring below are dropped (preferences are not thresholded). @default 0.2 */
  minScore?: number;
  /** Vector candidates per type = topK x this. @default 3 */
  candidateMultiplier?: number;
  /** Newest records per type scanned for keyword hits; 0 turns the keyword pass off. @default 200 */
  keywordScanLimit?: number;
  /** Keyword overlap (0..1) is multiplied by this before it competes with cosine similarity. @default 0.8 */
  keywordWeight?: number;
  /** Most user preferences returned. @default 20 */
  maxPreferences?: number;
  /** `false` turns the cache off. @default { ttlMs: 300000, maxEntries: 1000 } */
  cache?: { ttlMs?: number; maxEntries?: number } | false;
  /** Every agent's MemoryScope: who inherits from / shares with whom. @default {} */
  scopes?: Record<string, MemoryScopeInput>;
  /** Clock for recency and cache TTL. @default () => new Date() */
  now?: () => Date;
}

const weight = z.number().finite().min(0).optional();

export const retrievalEngineOptionsSchema = z
  .object({
    storage: z.custom<StorageBackend>(
      (v) => typeof (v as StorageBackend | undefined)?.queryMemories === 'function',
      'must be a StorageBackend',
    ),
    embedder: z
      .custom<EmbeddingProvider>(
        (v) =>
          typeof (v as EmbeddingProvider | undefined)?.embed === 'function' &&
          Number.isInteger((v as EmbeddingProvider).dimension),
        'must be an EmbeddingProvider (embed(texts) and an integer dimension)',
      )
      .optional(),
    weights: z.object({ similarity: weight, recency: weight, successRate: weight, confidence: weight }).strict().optional(),
    recencyHalfLifeDays: z.number().finite().positive().default(30),
    minScore: z.number().min(0).max(1).default(0.2),
    candidateMultiplier: z.number().int().min(1).max(100).default(3),
    keywordScanLimit: z.number().int().min(0).max(100_000).default(200),
    keywordWeight: z.number().min(0).max(1).default(0.8),
    maxPreferences: z.number().int().min(0).max(1000).default(20),
    cache: z
      .union([
        z.literal(false),
        z
          .object({
            ttlMs: z.number().int().positive().default(300_000),
            maxEntries: z.number().int().positive().default(1000),
          })
          .strict(),
      ])
      .default({ ttlMs: 300_000, maxEntries: 1000 }),
    scopes: z.record(z.string(), memoryScopeSchema).default({}),
    now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function returning a Date').optional(),
  })
  .strict();
export type ParsedEngineOptions = z.output<typeof retrievalEngineOptionsSchema>;

/** Options are configuration: a bad one is a ConfigError naming the key. */
export function parseEngineOptions(options: RetrievalEngineOptions): ParsedEngineOptions {
  try {
    return parseInput(retrievalEngineOptionsSchema, options, 'RetrievalEngineOptions');
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
}

export interface RetrieveInput {
  /** What the agent is about to do; embedded and matched against memories. */
  task: string;
  agent: string;
  projectId: string;
  /** Adds this user's preferences to the slice. */
  userId?: string;
  /** Per memory type. @default 5 */
  topK?: number;
  /** Where in tenant -> workflow -> run -> node the call happens. @default {} (single tenant) */
  context?: WorkflowContext | WorkflowContextInit;
  /** Case-insensitive. @default 'agent' */
  scope?: RetrievalScope | string;
  /** Required for GLOBAL (every tenant). Never set it from end-user input. @default false */
  admin?: boolean;
  /** NODE..AGENT scopes: also read agents this one inherits from or that share with it. @default true */
  includeShared?: boolean;
  /** Adds ranked past workflow outcomes. @default false */
  includeWorkflowOutcomes?: boolean;
  /** Keep `embedding` on returned records (dropped by default: prompts do not need them). @default false */
  includeEmbeddings?: boolean;
  /** Skip the cache lookup (the fresh result is still cached). @default false */
  bypassCache?: boolean;
  /**
   * Adds `metadata.scoreBreakdown`: id → the score's inputs (similarity, recency, successRate, confidence) and the
   * score, for every returned record (debugging tools such as alma studio show it). @default false
   */
  explain?: boolean;
}

export const retrieveInputSchema = z
  .object({
    task: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH),
    agent: idSchema,
    projectId: idSchema,
    userId: idSchema.optional(),
    topK: z.number().int().min(1).max(100).default(5),
    context: z.unknown().optional(),
    scope: z
      .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), retrievalScopeSchema)
      .default('agent'),
    admin: z.boolean().default(false),
    includeShared: z.boolean().default(true),
    includeWorkflowOutcomes: z.boolean().default(false),
    includeEmbeddings: z.boolean().default(false),
    bypassCache: z.boolean().default(false),
    explain: z.boolean().default(false),
  })
  .strict();
export type ParsedRetrieveInput = z.output<typeof retrieveInputSchema>;
