import type { Hono } from 'hono';
import { z } from 'zod';
import { RETRIEVAL_SCOPE_ORDER, type RetrievalScope } from '@alma/types';
import { requestScope, tenantOf } from '../binding.js';
import { json, type StudioContext } from '../context.js';
import { learningTimeline } from '../learning/timeline.js';
import { flagParam, idParam, intParam, parseQuery } from '../query.js';
import { runPlayground } from '../retrieval.js';

export const timelineSchema = z
  .object({
    tenant: idParam.optional(),
    agent: idParam.optional(),
    kind: z.enum(['heuristic', 'anti_pattern']).optional(),
    offset: intParam(0, 1_000_000).default(0),
    limit: intParam(1, 200).default(50),
  })
  .strict();

export const retrieveSchema = z
  .object({
    task: z.string().trim().min(1, 'type a task').max(10_000),
    agent: idParam,
    user: idParam.optional(),
    topK: intParam(1, 50).default(5),
    scope: z.enum(RETRIEVAL_SCOPE_ORDER as [RetrievalScope, ...RetrievalScope[]]).default('agent'),
    tenant: idParam.optional(),
    workflow: idParam.optional(),
    run: idParam.optional(),
    node: idParam.optional(),
    workflowOutcomes: flagParam.default(false),
    maxTokens: intParam(1, 100_000).optional(),
  })
  .strict();

export function insightRoutes(app: Hono, ctx: StudioContext): void {
  const { alma, binding, options } = ctx;

  app.get('/api/timeline', async (c) => {
    const q = parseQuery(c.req.url, timelineSchema, 'learning timeline');
    return json(await learningTimeline(alma, { scope: requestScope(binding, q.tenant), agent: q.agent, kind: q.kind, offset: q.offset, limit: q.limit }, options.maxScan));
  });

  app.get('/api/retrieve', async (c) => {
    const q = parseQuery(c.req.url, retrieveSchema, 'retrieval');
    const scope = requestScope(binding, q.tenant);
    const result = await runPlayground(alma, {
      task: q.task, agent: q.agent, userId: q.user, topK: q.topK, scope: q.scope, tenantId: tenantOf(scope),
      workflowId: q.workflow, runId: q.run, nodeId: q.node, includeWorkflowOutcomes: q.workflowOutcomes, maxTokens: q.maxTokens,
    }, binding.admin);
    return json(result);
  });
}
