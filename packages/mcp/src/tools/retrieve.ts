import { retrievalScopeSchema, sliceNote, type MemorySlice } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { assertScopeAllowed, bindContext } from '../binding.js';
import { contextInput, id, text } from '../schemas.js';
import { defineTool, READ_ONLY, type ToolDeps } from './define.js';

const LISTS = ['heuristics', 'outcomes', 'preferences', 'domainKnowledge', 'antiPatterns', 'workflowOutcomes'] as const;
type ListName = (typeof LISTS)[number];

const perList = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(LISTS.map((name) => [name, schema])) as Record<ListName, T>);

/** The ids of each list of a slice (what `format: 'prompt'` returns besides the text). */
const idsOf = (slice: MemorySlice): Record<ListName, string[]> =>
  Object.fromEntries(LISTS.map((name) => [name, slice[name].map((r) => r.id)])) as Record<ListName, string[]>;

/** alma_retrieve: a scored, scoped memory slice as prompt text (default) or full records. */
export function registerRetrieveTool(server: McpServer, deps: ToolDeps): void {
  const { alma, binding, options } = deps;
  defineTool(
    server,
    deps,
    {
      name: 'alma_retrieve',
      title: 'Retrieve memories',
      description:
        'Memories relevant to a task: strategies that worked, patterns to avoid, user preferences, domain facts and ' +
        "(optionally) past workflow runs. format 'prompt' (default) returns ready-to-use prompt text plus the ids; " +
        "'full' also returns the records. Call this before starting a task.",
      input: {
        task: text('What the agent is about to do.'),
        agent: id('The agent whose memories to read.'),
        userId: id("Adds this user's preferences.").optional(),
        topK: z.number().int().min(1).max(options.maxTopK).optional().describe('Per memory type (server default if omitted).'),
        scope: retrievalScopeSchema
          .optional()
          .describe("How wide to look: node < run < workflow < agent (default) < tenant < global (admin only)."),
        context: contextInput.optional(),
        includeWorkflowOutcomes: z.boolean().optional().describe('Also return ranked past workflow runs.'),
        includeShared: z.boolean().optional().describe('Also read agents this one inherits from / that share with it (default true).'),
        format: z.enum(['prompt', 'full']).default('prompt').describe("'prompt': text + ids (compact). 'full': text + records."),
        maxTokens: z.number().int().min(50).max(16_000).optional().describe('Token budget of the prompt text.'),
      },
      output: {
        agent: z.string(),
        scope: z.string(),
        prompt: z.string(),
        totalItems: z.number().int(),
        counts: perList(z.number().int()),
        ids: perList(z.array(z.string())),
        memories: perList(z.array(z.record(z.string(), z.unknown()))).optional(),
        retrievalTimeMs: z.number().optional(),
        note: z.string().optional().describe('Set when nothing learned matched, e.g. only raw outcomes.'),
      },
      annotations: READ_ONLY,
    },
    async (args) => {
      const scope = args.scope ?? 'agent';
      assertScopeAllowed(binding, scope);
      const slice = await alma.retrieve({
        task: args.task,
        agent: args.agent,
        context: bindContext(binding, args.context),
        scope,
        ...(scope === 'global' ? { admin: true } : {}),
        ...(args.userId !== undefined ? { userId: args.userId } : {}),
        ...(args.topK !== undefined ? { topK: args.topK } : {}),
        ...(args.includeWorkflowOutcomes !== undefined ? { includeWorkflowOutcomes: args.includeWorkflowOutcomes } : {}),
        ...(args.includeShared !== undefined ? { includeShared: args.includeShared } : {}),
      });
      const counts = Object.fromEntries(LISTS.map((name) => [name, slice[name].length]));
      const note = sliceNote(slice);
      return {
        agent: args.agent,
        scope,
        prompt: args.maxTokens === undefined ? alma.toPrompt(slice) : alma.toPrompt(slice, args.maxTokens),
        totalItems: LISTS.reduce((sum, name) => sum + slice[name].length, 0),
        counts,
        ids: idsOf(slice),
        ...(args.format === 'full' ? { memories: Object.fromEntries(LISTS.map((name) => [name, slice[name]])) } : {}),
        ...(slice.retrievalTimeMs !== undefined ? { retrievalTimeMs: slice.retrievalTimeMs } : {}),
        ...(note ? { note } : {}),
      };
    },
  );
}
