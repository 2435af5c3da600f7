import { sliceNote } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { bindContext } from './binding.js';
import type { ToolDeps } from './tools/define.js';

const userText = (text: string): GetPromptResult['messages'][number] => ({ role: 'user', content: { type: 'text', text } });

/**
 * MCP prompts for the common flows, so a client can offer them as commands: `alma_recall` (what ALMA remembers for a
 * task, retrieved when the prompt is fetched), `alma_record_outcome` (report how a task went with alma_learn) and
 * `alma_session_start` (orient in a project with alma_start_session).
 */
export function registerPrompts(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;

  server.registerPrompt(
    'alma_recall',
    {
      title: 'Recall before a task',
      description: 'Retrieves what ALMA remembers that is relevant to a task (strategies, pitfalls, preferences, facts, outcomes) and asks to apply it.',
      argsSchema: {
        task: z.string().min(1).describe('What the agent is about to do.'),
        agent: z.string().min(1).describe('The agent whose memories to read.'),
      },
    },
    async ({ task, agent }) => {
      const slice = await alma.retrieve({ task, agent, context: bindContext(binding) });
      const text = alma.toPrompt(slice);
      const note = sliceNote(slice);
      return {
        description: `ALMA memories for ${agent}: ${task}`,
        messages: [
          userText(
            [
              `Before you start "${task}", here is what ALMA remembers for agent ${agent}.`,
              text || '(nothing yet)',
              ...(note ? [`Note: ${note}`] : []),
              'Apply the strategies, avoid the listed patterns, respect the preferences. When you are done, report the ' +
                'outcome with the alma_learn tool.',
            ].join('\n\n'),
          ),
        ],
      };
    },
  );

  server.registerPrompt(
    'alma_record_outcome',
    {
      title: 'Record what happened',
      description: 'Asks to report the outcome of a finished task to ALMA with alma_learn, so the next run can learn from it.',
      argsSchema: {
        task: z.string().min(1).describe('The task that was done.'),
        agent: z.string().min(1).describe('The agent that did it.'),
        outcome: z.enum(['success', 'failure']).optional().describe('How it went, if already known.'),
      },
    },
    ({ task, agent, outcome }) => ({
      description: `Record the outcome of: ${task}`,
      messages: [
        userText(
          `The task "${task}" by agent ${agent} is finished${outcome ? ` (${outcome})` : ''}. Call the alma_learn tool with ` +
            `agent "${agent}", task "${task}", outcome ${outcome ? `"${outcome}"` : '"success" or "failure"'}, the strategy you ` +
            'used in one sentence (strategyUsed), and for a failure the error (errorMessage). If the user stated a lasting ' +
            'preference or a fact worth keeping, also call alma_add_preference or alma_add_knowledge.',
        ),
      ],
    }),
  );

  server.registerPrompt(
    'alma_session_start',
    {
      title: 'Start a work session',
      description: "Asks to orient with alma_start_session: the last session's handoff, progress and suggested focus.",
      argsSchema: {
        agent: z.string().min(1).describe('The agent starting to work.'),
        goal: z.string().optional().describe('What this session is for.'),
      },
    },
    ({ agent, goal }) => ({
      messages: [
        userText(
          `Start the session of agent ${agent} by calling alma_start_session${goal ? ` with goal "${goal}"` : ''}. Read the ` +
            'handoff (last action, blockers, next steps) and the suggested focus before doing anything else; record progress ' +
            'with alma_update_session and leave a handoff with alma_end_session when you stop.',
        ),
      ],
    }),
  );
}
