import { memoryTypeSchema } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { contextInput, id, metadata, record, text, writeAction } from '../schemas.js';
import { defineTool, CHANGES, DELETES, READ_ONLY, WRITES_IDEMPOTENT, type ToolDeps } from './define.js';

const optionalText = (what: string) => z.string().max(20_000).optional().describe(what);

/** alma_learn, alma_add_preference, alma_add_knowledge, alma_forget, alma_delete_memory, alma_stats. */
export function registerMemoryTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;

  defineTool(server, deps, {
    name: 'alma_learn',
    title: 'Learn from a task outcome',
    description:
      'Records how a task went. Repeated successes of a strategy become a heuristic, repeated failures an ' +
      'anti-pattern; the result says what was created or updated. Call this after finishing a task.',
    input: {
      agent: id('The agent that did the task.'),
      task: text('What the task was.'),
      outcome: z.enum(['success', 'failure']),
      strategyUsed: text('How the agent approached it.'),
      taskType: id('Category of the task (inferred from the text if omitted).').optional(),
      durationMs: z.number().int().min(0).optional(),
      errorMessage: optionalText('The error, for a failure.'),
      feedback: optionalText("The user's feedback."),
      context: contextInput.optional(),
      metadata: metadata.optional(),
    },
    output: {
      outcome: record,
      heuristic: z.object({ action: writeAction, heuristic: record }).optional(),
      antiPattern: z.object({ action: writeAction, antiPattern: record }).optional(),
      pruned: z.number().int(),
    },
    annotations: CHANGES,
  }, async ({ context, ...args }) => {
    const r = await alma.learn({ ...args, context: bindContext(binding, context) });
    return { outcome: r.outcome, heuristic: r.heuristic, antiPattern: r.antiPattern, pruned: r.pruned };
  });

  defineTool(server, deps, {
    name: 'alma_add_preference',
    title: 'Add a user preference',
    description: 'Saves a lasting user preference (e.g. "use tabs"); the same preference is not stored twice.',
    input: {
      userId: id('The user the preference belongs to.'),
      category: id('e.g. code_style, communication.'),
      preference: text('The preference itself.'),
      source: id("'explicit_instruction' (default, confidence 1.0) or e.g. 'inferred_from_correction' (0.7).").optional(),
      metadata: metadata.optional(),
    },
    output: { preference: record },
    annotations: WRITES_IDEMPOTENT,
  }, async (args) => ({ preference: await alma.addUserPreference({ ...args, context: bindContext(binding) }) }));

  defineTool(server, deps, {
    name: 'alma_add_knowledge',
    title: 'Add domain knowledge',
    description:
      "Saves a fact in an agent's domain; the agent's scope must allow the domain. A repeated fact is re-verified, " +
      'not duplicated.',
    input: {
      agent: id('The agent the fact belongs to.'),
      domain: id('Knowledge domain, e.g. authentication.'),
      fact: text('The fact.'),
      source: id("'user_stated' (default, confidence 1.0), 'code_analysis' or 'documentation' (0.8).").optional(),
      metadata: metadata.optional(),
    },
    output: { knowledge: record },
    annotations: WRITES_IDEMPOTENT,
  }, async (args) => ({ knowledge: await alma.addDomainKnowledge({ ...args, context: bindContext(binding) }) }));

  defineTool(server, deps, {
    name: 'alma_forget',
    title: 'Forget stale memories',
    description:
      'Deletes outcomes older than N days and heuristics below a confidence (server defaults when omitted), for one ' +
      'agent or all. Returns how many of each were deleted.',
    input: {
      agent: id('Only this agent (all agents if omitted).').optional(),
      olderThanDays: z.number().positive().max(36_500).optional(),
      belowConfidence: z.number().min(0).max(1).optional(),
    },
    output: { outcomes: z.number().int(), heuristics: z.number().int(), total: z.number().int() },
    annotations: DELETES,
  }, async (args) => {
    const r = await alma.forget({ ...args, context: bindContext(binding) });
    return { outcomes: r.outcomes, heuristics: r.heuristics, total: r.total };
  });

  defineTool(server, deps, {
    name: 'alma_delete_memory',
    title: 'Delete one memory',
    description:
      'Deletes one memory by type and id (with its artifact links), e.g. a wrong fact or an outdated preference. ' +
      'deleted is false when no such memory exists for this tenant.',
    input: { memoryType: memoryTypeSchema, id: id('The memory id (as returned by alma_retrieve).') },
    output: { memoryType: z.string(), id: z.string(), deleted: z.boolean() },
    annotations: DELETES,
  }, async ({ memoryType, id: memoryId }) => {
    const deleted = await alma.storage.deleteMemory(memoryType, memoryId, alma.scopeOf(bindContext(binding)));
    if (deleted) alma.retrieval.invalidate({ projectId: alma.projectId });
    return { memoryType, id: memoryId, deleted };
  });

  defineTool(server, deps, {
    name: 'alma_stats',
    title: 'Memory statistics',
    description: 'How many memories of each type are stored (for one agent or all), and how many workflow outcomes.',
    input: { agent: id('Only this agent (all agents if omitted).').optional() },
    output: {
      projectId: z.string(),
      agent: z.string().optional(),
      counts: z.record(z.string(), z.number().int()),
      workflowOutcomes: z.number().int(),
      totalMemories: z.number().int(),
    },
    annotations: READ_ONLY,
  }, async (args) => {
    const s = await alma.getStats({ ...args, context: bindContext(binding) });
    return {
      projectId: s.projectId, agent: s.agent, counts: s.counts, workflowOutcomes: s.workflowOutcomes, totalMemories: s.totalMemories,
    };
  });
}
