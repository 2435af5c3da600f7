import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { id, text } from '../schemas.js';
import { defineTool, CHANGES, READ_ONLY, type ToolDeps } from './define.js';

/** Longest list a tool returns inline (pruned items, facts). */
const MAX_LISTED = 100;
const count = z.number().int();

/** alma_prune, alma_memory_health, alma_assess_strategies, alma_learn_from_conversation. */
export function registerInsightTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;

  defineTool(server, deps, {
    name: 'alma_prune',
    title: 'Prune memories by policy',
    description:
      "Applies the server's forgetting policy: stale outcomes, weak or stale heuristics, old or doubtful knowledge, " +
      'anti-patterns not seen for long, per-agent quotas. dryRun (default true) only lists what would go.',
    input: {
      agent: id('Only this agent (all agents if omitted).').optional(),
      dryRun: z.boolean().default(true).describe('List without deleting (default true).'),
    },
    output: {
      dryRun: z.boolean(),
      outcomes: count, heuristics: count, domainKnowledge: count, antiPatterns: count, total: count,
      items: z.array(z.object({ memoryType: z.string(), id: z.string(), agent: z.string(), reason: z.string(), details: z.string() })),
      truncated: z.boolean(),
    },
    annotations: CHANGES,
  }, async ({ agent, dryRun }) => {
    const s = await alma.forgetting.prune({}, { dryRun, context: bindContext(binding), ...(agent !== undefined ? { agent } : {}) });
    return {
      dryRun: s.dryRun, outcomes: s.outcomes, heuristics: s.heuristics, domainKnowledge: s.domainKnowledge,
      antiPatterns: s.antiPatterns, total: s.total,
      items: s.items.slice(0, MAX_LISTED).map((i) => ({ memoryType: i.memoryType, id: i.id, agent: i.agent, reason: i.reason, details: i.details })),
      truncated: s.items.length > MAX_LISTED,
    };
  });

  defineTool(server, deps, {
    name: 'alma_memory_health',
    title: 'Memory health',
    description: 'Counts, average heuristic confidence and age, stale and low-confidence heuristics, size, and alerts.',
    input: { agent: id('Only this agent.').optional() },
    output: {
      metrics: z.record(z.string(), z.unknown()),
      alerts: z.array(z.object({ level: z.string(), category: z.string(), message: z.string(), currentValue: z.number(), threshold: z.number() })),
    },
    annotations: READ_ONLY,
  }, async ({ agent }) => {
    const query = { context: bindContext(binding), ...(agent !== undefined ? { agent } : {}) };
    const metrics = await alma.forgetting.health.collectMetrics(query);
    const alerts = await alma.forgetting.health.checkHealth(metrics);
    return {
      metrics,
      alerts: alerts.map((a) => ({ level: a.level, category: a.category, message: a.message, currentValue: a.currentValue, threshold: a.threshold })),
    };
  });

  defineTool(server, deps, {
    name: 'alma_assess_strategies',
    title: 'Assess candidate strategies',
    description:
      "Ranks candidate strategies for a situation by forward-looking confidence (history, similarity, known risks " +
      'and anti-patterns, proven patterns), each with a recommendation (strong_yes, yes, neutral, caution, avoid).',
    input: {
      agent: id('The agent that will act.'),
      context: text('The situation / task.'),
      strategies: z.array(text('A candidate strategy.')).min(1).max(10),
    },
    output: {
      ranked: z.array(z.object({
        strategy: z.string(),
        confidenceScore: z.number(),
        recommendation: z.string(),
        reasoning: z.string(),
        predictedSuccess: z.number(),
        uncertainty: z.number(),
        risks: z.array(z.string()),
        opportunities: z.array(z.string()),
      })),
    },
    annotations: READ_ONLY,
  }, async ({ agent, context, strategies }) => {
    const ranked = await alma.confidence.rankStrategies(strategies, context, agent, { context: bindContext(binding) });
    return {
      ranked: ranked.map(({ strategy, signal: s }) => ({
        strategy,
        confidenceScore: s.confidenceScore,
        recommendation: s.recommendation,
        reasoning: s.reasoning,
        predictedSuccess: s.predictedSuccess,
        uncertainty: s.uncertainty,
        risks: s.riskSignals.map((r) => r.description),
        opportunities: s.opportunitySignals.map((o) => o.description),
      })),
    };
  });

  defineTool(server, deps, {
    name: 'alma_learn_from_conversation',
    title: 'Learn from a conversation',
    description:
      'Extracts facts (preferences, domain knowledge, heuristics, anti-patterns, outcomes) from a conversation and ' +
      "commits those above the confidence threshold that the agent's scope allows. commit: false only reports.",
    input: {
      agent: id('The agent learning.'),
      messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(20_000) })).min(1).max(200),
      userId: id('Needed to commit preferences.').optional(),
      minConfidence: z.number().min(0).max(1).optional(),
      commit: z.boolean().default(true),
    },
    output: {
      extractor: z.string(),
      extracted: count,
      committed: z.array(z.object({ memoryType: z.string(), id: z.string(), action: z.string(), content: z.string() })),
      rejected: z.array(z.object({ factType: z.string(), content: z.string(), reason: z.string() })),
      accepted: count,
    },
    annotations: CHANGES,
  }, async ({ agent, messages, userId, minConfidence, commit }) => {
    const r = await alma.extraction.learnFromConversation(messages, {
      agent, commit, context: bindContext(binding),
      ...(userId !== undefined ? { userId } : {}),
      ...(minConfidence !== undefined ? { minConfidence } : {}),
    });
    return {
      extractor: r.extractor,
      extracted: r.extracted,
      accepted: r.accepted.length,
      committed: r.committed.slice(0, MAX_LISTED).map((c) => ({ memoryType: c.memoryType, id: c.id, action: c.action, content: c.fact.content })),
      rejected: r.rejected.slice(0, MAX_LISTED).map((x) => ({ factType: x.fact.factType, content: x.fact.content, reason: x.reason })),
    };
  });
}
