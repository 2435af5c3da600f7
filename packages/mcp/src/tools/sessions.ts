import { NotFoundError, sessionOutcomeSchema, ValidationError } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { id, metadata, record, text } from '../schemas.js';
import { defineTool, CHANGES, READ_ONLY, WRITES, type ToolDeps } from './define.js';

const items = (what: string, max: number) => z.array(text('One entry.')).max(max).optional().describe(what);
const sessionId = id("The session (default: the agent's newest unfinished one).").optional();

/** alma_start_session, alma_update_session, alma_end_session, alma_get_session_handoff. */
export function registerSessionTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;

  defineTool(server, deps, {
    name: 'alma_start_session',
    title: 'Start (or resume) a work session',
    description:
      'Starts a session for an agent and returns an orientation: the previous handoff (outcome, next steps, ' +
      'decisions, blockers), progress, suggested focus, relevant strategies and recent outcomes. A session never ' +
      "ended is closed as 'interrupted'; passing its sessionId resumes it instead.",
    input: {
      agent: id('The agent starting work.'),
      goal: text('What this session is for.').optional(),
      sessionId: id('Resume this unfinished session, or use this id for the new one.').optional(),
      activeFiles: items('Files being worked on.', 100),
      metadata: metadata.optional(),
    },
    output: {
      sessionId: z.string(),
      resumed: z.boolean(),
      orientation: z.string(),
      handoff: record,
      previousHandoffId: z.string().optional(),
    },
    annotations: WRITES,
  }, async ({ agent, ...input }) => {
    const s = await alma.sessions.startSession(agent, { ...input, context: bindContext(binding) });
    return {
      sessionId: s.sessionId,
      resumed: s.resumed,
      orientation: s.formatOrientation(),
      handoff: s.handoff,
      previousHandoffId: s.previousHandoff?.id,
    };
  });

  defineTool(server, deps, {
    name: 'alma_update_session',
    title: 'Update the active session',
    description:
      'Records progress on the active session: latest action/outcome, goal, confidence, a file being worked on, a ' +
      'risk, a key decision, a new or resolved blocker, a test result. Give at least one.',
    input: {
      agent: id('The agent.'),
      sessionId,
      action: text('What was just done.').optional(),
      outcome: sessionOutcomeSchema.optional(),
      goal: text('A new goal.').optional(),
      confidence: z.number().min(0).max(1).optional(),
      activeFile: text('A file being worked on.').optional(),
      risk: text('A risk to flag.').optional(),
      decision: text('A key decision (the 10 latest are kept).').optional(),
      blocker: text('A new blocker.').optional(),
      resolvedBlocker: text('A blocker that is resolved.').optional(),
      test: z.strictObject({ name: text('Test name.'), passing: z.boolean() }).optional(),
    },
    output: { handoff: record },
    annotations: CHANGES,
  }, async ({ agent, sessionId: sid, decision, blocker, resolvedBlocker, test, ...update }) => {
    const target = { ...(sid !== undefined ? { sessionId: sid } : {}), context: bindContext(binding) };
    const hasUpdate = Object.values(update).some((v) => v !== undefined);
    if (!hasUpdate && decision === undefined && blocker === undefined && resolvedBlocker === undefined && test === undefined) {
      throw new ValidationError('alma_update_session needs at least one change.', [{ path: '(root)', message: 'nothing to update' }]);
    }
    let handoff = await alma.sessions.getActiveHandoff(agent, target);
    if (!handoff) throw new NotFoundError('Active session of agent', agent);
    if (hasUpdate) handoff = await alma.sessions.updateSession(agent, { ...target, ...update });
    if (decision !== undefined) handoff = await alma.sessions.recordDecision(agent, decision, target);
    if (blocker !== undefined) handoff = await alma.sessions.addBlocker(agent, blocker, target);
    if (resolvedBlocker !== undefined) handoff = await alma.sessions.removeBlocker(agent, resolvedBlocker, target);
    if (test !== undefined) handoff = await alma.sessions.setTestStatus(agent, test.name, test.passing, target);
    return { handoff };
  });

  defineTool(server, deps, {
    name: 'alma_end_session',
    title: 'End the session with a handoff',
    description:
      'Closes the active session with a handoff for the next one: last action and outcome, next steps (10 max), ' +
      'confidence. Without an active session, a finished handoff is stored directly.',
    input: {
      agent: id('The agent.'),
      sessionId,
      lastAction: text('The last thing done.'),
      lastOutcome: sessionOutcomeSchema,
      nextSteps: items('What the next session should do first.', 50),
      confidence: z.number().min(0).max(1).optional(),
      goal: text('The goal, when no session was started.').optional(),
      metadata: metadata.optional(),
    },
    output: { handoff: record },
    annotations: CHANGES,
  }, async ({ agent, ...input }) => ({ handoff: await alma.sessions.finalize(agent, { ...input, context: bindContext(binding) }) }));

  defineTool(server, deps, {
    name: 'alma_get_session_handoff',
    title: 'Get the last session handoff',
    description: "The agent's latest finished handoff as quick-reload markdown, plus the last `limit` handoffs.",
    input: {
      agent: id('The agent.'),
      limit: z.number().int().min(1).max(20).default(1).describe('How many finished handoffs to return (newest first).'),
    },
    output: { agent: z.string(), found: z.boolean(), quickReload: z.string(), handoffs: z.array(record) },
    annotations: READ_ONLY,
  }, async ({ agent, limit }) => {
    const context = bindContext(binding);
    const handoffs = await alma.sessions.getPreviousSessions(agent, { limit, context });
    return { agent, found: handoffs.length > 0, quickReload: await alma.sessions.getQuickReload(agent, { context }), handoffs };
  });
}
