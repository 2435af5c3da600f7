import {
  isAlmaError,
  newId,
  parseInput,
  type DomainKnowledge,
  type Heuristic,
  type MemoryScope,
  type MemoryType,
  type UserPreference,
  type WorkflowContext,
} from '@alma/types';
import { z } from 'zod';
import { contextSchema, type KnowledgeInput, type LearnInput, type PreferenceInput } from '../inputs.js';
import { isDomainLearnable } from '../learning/domain-scope.js';
import type { LearningProtocol } from '../learning/protocol.js';
import type { LearnResult } from '../learning/types.js';
import { scopeOfContext, tenantFieldOf, type ModuleHost } from '../module-host.js';
import { RuleBasedExtractor } from './rule-based.js';
import { conversationSchema, type ChatMessage, type ExtractedFact, type ExtractionResult, type FactExtractor } from './types.js';

/** The parts of the ALMA facade auto-learning commits through. */
export interface AutoLearnerAlma {
  readonly scopes: Readonly<Record<string, MemoryScope>>;
  readonly learning: LearningProtocol;
  addUserPreference(input: PreferenceInput): Promise<UserPreference>;
  addDomainKnowledge(input: KnowledgeInput): Promise<DomainKnowledge>;
  learn(input: LearnInput): Promise<LearnResult>;
}

export interface CommittedFact {
  readonly fact: ExtractedFact;
  readonly memoryType: MemoryType;
  readonly id: string;
  /** 'unchanged': the same preference was already stored. */
  readonly action: 'created' | 'updated' | 'unchanged';
}

export interface AutoLearnResult {
  readonly extractor: string;
  readonly extracted: number;
  /** Facts that passed the threshold and scope checks (committed unless `commit: false`). */
  readonly accepted: readonly ExtractedFact[];
  readonly committed: readonly CommittedFact[];
  readonly rejected: ReadonlyArray<{ readonly fact: ExtractedFact; readonly reason: string }>;
  /** What the extractor produced that failed validation. */
  readonly invalid: ExtractionResult['invalid'];
  readonly extractionTimeMs: number;
}

const learnOptionsSchema = z
  .object({
    agent: z.string().trim().min(1, 'must not be empty').max(256),
    /** Needed to commit preferences (they belong to a user, not an agent). */
    userId: z.string().trim().min(1).max(256).optional(),
    /** Facts below this confidence are rejected. @default the AutoLearner's (0.5) */
    minConfidence: z.number().min(0).max(1).optional(),
    /** false = extract and check only, write nothing. @default true */
    commit: z.boolean().default(true),
    context: contextSchema.optional(),
  })
  .strict();
export type LearnFromConversationOptions = z.input<typeof learnOptionsSchema>;

/** ALMA's keyword domains for checking a heuristic / anti-pattern against the agent's scope. */
const DOMAIN_KEYWORDS: ReadonlyArray<[string, RegExp]> = [
  ['testing', /\b(test\w*|assert\w*|selenium|playwright|cypress)\b/i],
  ['frontend', /\b(css|html|react|vue|ui|button|form)\b/i],
  ['backend', /\b(api|database|sql|server|endpoint)\b/i],
  ['security', /\b(auth\w*|token|password|encrypt\w*|csrf)\b/i],
  ['performance', /\b(latency|cache|optimi[sz]e|slow|fast)\b/i],
];
export const inferFactDomain = (text: string): string | undefined => DOMAIN_KEYWORDS.find(([, p]) => p.test(text))?.[0];

/**
 * Learns from a conversation (ALMA's AutoLearner): extracts facts (rule-based by default, or through an LLM), rejects
 * those below the confidence threshold or outside the agent's scope, and commits the rest through the facade:
 * preferences → addUserPreference, knowledge → addDomainKnowledge, heuristics → created or re-validated, anti-patterns
 * → the learning protocol's upsert, outcomes with a known result → learn(). Says what it committed and rejected.
 */
export class AutoLearner {
  readonly extractor: FactExtractor;
  readonly minConfidence: number;

  constructor(
    private readonly alma: AutoLearnerAlma,
    private readonly host: ModuleHost,
    options: { extractor?: FactExtractor; minConfidence?: number } = {},
  ) {
    this.extractor = options.extractor ?? new RuleBasedExtractor();
    this.minConfidence = options.minConfidence ?? 0.5;
  }

  /** Extraction only: no threshold, no writes. */
  async extract(messages: readonly ChatMessage[], options: { existingFacts?: string[]; agentContext?: string } = {}): Promise<ExtractionResult> {
    return this.extractor.extract(parseInput(conversationSchema, messages, 'conversation'), options);
  }

  async learnFromConversation(messages: readonly ChatMessage[], options: LearnFromConversationOptions): Promise<AutoLearnResult> {
    const conversation = parseInput(conversationSchema, messages, 'conversation');
    const o = parseInput(learnOptionsSchema, options, 'learnFromConversation options');
    const ctx = this.host.context(o.context, 'learnFromConversation');
    const min = o.minConfidence ?? this.minConfidence;
    const scope = Object.hasOwn(this.alma.scopes, o.agent) ? this.alma.scopes[o.agent] : undefined;
    const extraction = await this.extractor.extract(conversation, {
      existingFacts: await this.existingFacts(conversation, o.agent, ctx),
      ...(scope ? { agentContext: `Agent '${o.agent}' can learn: [${scope.canLearn.join(', ')}]. Cannot learn: [${scope.cannotLearn.join(', ')}].` } : {}),
    });
    const accepted: ExtractedFact[] = [];
    const rejected: Array<{ fact: ExtractedFact; reason: string }> = [];
    for (const fact of extraction.facts) {
      const reason = this.rejection(fact, min, scope, o.userId);
      if (reason) rejected.push({ fact, reason });
      else accepted.push(fact);
    }
    const committed: CommittedFact[] = [];
    if (o.commit) {
      for (const fact of accepted) {
        try {
          committed.push(await this.commit(fact, o.agent, o.userId, ctx));
        } catch (error) {
          if (!isAlmaError(error) || !['SCOPE_VIOLATION', 'VALIDATION'].includes(error.code)) throw error;
          rejected.push({ fact, reason: `Commit refused: ${error.message}` });
        }
      }
    }
    return {
      extractor: this.extractor.name,
      extracted: extraction.facts.length,
      accepted,
      committed,
      rejected,
      invalid: extraction.invalid,
      extractionTimeMs: extraction.extractionTimeMs,
    };
  }

  private rejection(fact: ExtractedFact, min: number, scope: MemoryScope | undefined, userId: string | undefined): string | undefined {
    if (fact.confidence < min) return `Low confidence: ${fact.confidence} < ${min}`;
    if (fact.factType === 'preference' && !userId) return 'A preference needs a userId to be stored';
    if (scope && (fact.factType === 'heuristic' || fact.factType === 'anti_pattern')) {
      const domain = inferFactDomain(fact.content);
      if (domain && !isDomainLearnable(scope, domain)) return `Outside agent scope: ${domain}`;
    }
    return undefined;
  }

  private async commit(fact: ExtractedFact, agent: string, userId: string | undefined, ctx: WorkflowContext): Promise<CommittedFact> {
    const meta = { source: 'auto_extraction', extractor: this.extractor.name, extractedConfidence: fact.confidence };
    switch (fact.factType) {
      case 'preference': {
        const category = fact.category ?? 'general';
        const before = await this.host.storage.queryMemories('user_preference', { scope: scopeOfContext(ctx), userId, category, topK: 1000 });
        const p = await this.alma.addUserPreference({
          userId: userId as string, category, preference: fact.content, source: 'auto_extraction', context: ctx, metadata: meta,
        });
        return { fact, memoryType: 'user_preference', id: p.id, action: before.some((b) => b.record.id === p.id) ? 'unchanged' : 'created' };
      }
      case 'heuristic':
        return this.commitHeuristic(fact, agent, ctx, meta);
      case 'anti_pattern': {
        const { action, antiPattern } = await this.alma.learning.upsertAntiPattern(
          { agent, projectId: this.host.projectId }, fact.content, { ...(fact.condition ? { error: fact.condition } : {}), fallback: 'Extracted from a conversation' }, scopeOfContext(ctx), 1,
        );
        await this.alma.learning.enforceQuotas({ agent, projectId: this.host.projectId }, scopeOfContext(ctx));
        this.host.invalidate(agent, ctx);
        return { fact, memoryType: 'anti_pattern', id: antiPattern.id, action };
      }
      case 'outcome':
        if (fact.success !== undefined) {
          const r = await this.alma.learn({ agent, task: fact.content, outcome: fact.success, strategyUsed: fact.strategy ?? fact.content, context: ctx, metadata: meta });
          return { fact, memoryType: 'outcome', id: r.outcome.id, action: 'created' };
        }
        return this.commitKnowledge(fact, agent, 'outcomes', ctx, meta);
      default:
        return this.commitKnowledge(fact, agent, fact.domain ?? 'general', ctx, meta);
    }
  }

  private async commitKnowledge(fact: ExtractedFact, agent: string, domain: string, ctx: WorkflowContext, metadata: Record<string, unknown>): Promise<CommittedFact> {
    const before = await this.host.storage.queryMemories('domain_knowledge', {
      scope: scopeOfContext(ctx), projectId: this.host.projectId, agents: [agent], domain, topK: 1000,
    });
    const known = before.some((k) => k.record.fact.trim().toLowerCase() === fact.content.toLowerCase());
    const k = await this.alma.addDomainKnowledge({ agent, domain, fact: fact.content, source: 'auto_extraction', context: ctx, metadata });
    return { fact, memoryType: 'domain_knowledge', id: k.id, action: known ? 'updated' : 'created' };
  }

  /** Creates the heuristic, or re-validates the agent's existing one for the same condition and strategy. */
  private async commitHeuristic(fact: ExtractedFact, agent: string, ctx: WorkflowContext, metadata: Record<string, unknown>): Promise<CommittedFact> {
    const { storage, projectId } = this.host;
    const scope = scopeOfContext(ctx);
    const now = this.host.now();
    const condition = fact.condition ?? fact.content;
    const strategy = fact.strategy ?? fact.content;
    const existing = await this.alma.learning.findHeuristic({ agent, projectId }, condition, strategy, scope);
    let result: CommittedFact;
    if (existing) {
      await storage.updateMemory('heuristic', existing.id, { lastValidated: now, confidence: Math.max(existing.confidence, fact.confidence) }, scope);
      result = { fact, memoryType: 'heuristic', id: existing.id, action: 'updated' };
    } else {
      const embedding = await this.alma.learning.embed(`${condition} ${strategy}`);
      const heuristic: Heuristic = {
        id: newId('heur'), agent, projectId, ...tenantFieldOf(ctx), condition, strategy, confidence: fact.confidence,
        occurrenceCount: 1, successCount: 1, lastValidated: now, createdAt: now, ...(embedding ? { embedding } : {}),
        metadata: { ...metadata, sourceText: fact.sourceText.slice(0, 500) },
      };
      await storage.saveMemory('heuristic', heuristic);
      result = { fact, memoryType: 'heuristic', id: heuristic.id, action: 'created' };
    }
    await this.alma.learning.enforceQuotas({ agent, projectId }, scope);
    this.host.invalidate(agent, ctx);
    return result;
  }

  /** What the agent already knows about the end of the conversation, so extractors skip it. */
  private async existingFacts(messages: readonly ChatMessage[], agent: string, ctx: WorkflowContext): Promise<string[]> {
    const query = messages.slice(-3).map((m) => m.content).join(' ').trim().slice(0, 2000);
    if (!query) return [];
    const slice = await this.host.retrieve(query, agent, ctx, 20);
    return [
      ...slice.heuristics.map((h) => `${h.condition}: ${h.strategy}`),
      ...slice.antiPatterns.map((a) => `AVOID: ${a.pattern}`),
      ...slice.domainKnowledge.map((k) => k.fact),
    ];
  }
}
