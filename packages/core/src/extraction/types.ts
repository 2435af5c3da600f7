import { MAX_TEXT_LENGTH } from '@alma/types';
import { z } from 'zod';

/** What a conversation can teach (ALMA's FactType). */
export const FACT_TYPES = ['heuristic', 'anti_pattern', 'preference', 'domain_knowledge', 'outcome'] as const;
export type FactType = (typeof FACT_TYPES)[number];

const optionalText = z.string().trim().min(1).max(10_000).optional();

/** A fact extracted from a conversation, validated before anything is committed. */
export const extractedFactSchema = z
  .object({
    factType: z.enum(FACT_TYPES),
    content: z.string().trim().min(1, 'must not be empty').max(10_000),
    confidence: z.number().min(0).max(1),
    sourceText: z.string().max(MAX_TEXT_LENGTH).default(''),
    /** Heuristic / anti-pattern: when it applies (anti-pattern: why it is bad). */
    condition: optionalText,
    /** Heuristic: what to do; anti-pattern: the better alternative; outcome: the strategy used. */
    strategy: optionalText,
    /** Preference category (communication, code_style, workflow, ...). */
    category: z.string().trim().min(1).max(256).optional(),
    /** Domain of a domain_knowledge fact. */
    domain: z.string().trim().min(1).max(256).optional(),
    /** Outcome: did the task succeed? */
    success: z.boolean().optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type ExtractedFact = z.output<typeof extractedFactSchema>;
export type ExtractedFactInput = z.input<typeof extractedFactSchema>;

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().max(MAX_TEXT_LENGTH),
  })
  .strict();
export type ChatMessage = z.output<typeof chatMessageSchema>;
export const conversationSchema = z.array(chatMessageSchema).min(1, 'needs at least one message').max(1000);

export interface ExtractOptions {
  /** What the agent may learn, told to an LLM extractor. */
  agentContext?: string;
  /** Facts already known; extractors skip them. */
  existingFacts?: readonly string[];
}

export interface ExtractionResult {
  readonly facts: ExtractedFact[];
  /** Facts the extractor produced but that failed validation, and why. */
  readonly invalid: ReadonlyArray<{ readonly index?: number; readonly reason: string }>;
  readonly rawResponse: string;
  readonly extractionTimeMs: number;
}

/** Turns a conversation into facts. `RuleBasedExtractor` (offline default) and `LLMFactExtractor` implement it. */
export interface FactExtractor {
  readonly name: string;
  extract(messages: readonly ChatMessage[], options?: ExtractOptions): Promise<ExtractionResult>;
}
