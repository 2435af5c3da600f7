import type { Hono } from 'hono';
import { z } from 'zod';
import { requireMethod } from '@alma/core';
import { parseInput, RUN_STATUSES } from '@alma/types';
import { requestScope } from '../binding.js';
import { json, type StudioContext } from '../context.js';
import { getRunSummary, runGraph } from '../runs/graph.js';
import { checkpointOf, checkpointState, diffCheckpoints, stateJson } from '../runs/state.js';
import { toNode } from '../runs/graph.js';
import { idParam, intParam, parseQuery } from '../query.js';

export const runListSchema = z
  .object({
    tenant: idParam.optional(),
    workflow: idParam.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    agent: idParam.optional(),
    cursor: z.string().max(1024).optional(),
    limit: intParam(1, 200).default(50),
  })
  .strict();

export const graphSchema = z
  .object({ tenant: idParam.optional(), afterSeq: intParam(0, Number.MAX_SAFE_INTEGER).default(0), limit: intParam(1, 1000).default(300) })
  .strict();
const tenantOnly = z.object({ tenant: idParam.optional() }).strict();
const diffSchema = z.object({ tenant: idParam.optional(), from: idParam, to: idParam }).strict();
const runPath = z.object({ runId: idParam });
const checkpointPath = z.object({ runId: idParam, id: idParam });

/** The download URL of a checkpoint's state, as the page links it. */
export const stateDownloadUrl = (runId: string, id: string, tenant: string | undefined): string =>
  `/api/runs/${encodeURIComponent(runId)}/checkpoints/${encodeURIComponent(id)}/state.json${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`;

export function runRoutes(app: Hono, ctx: StudioContext): void {
  const { alma, binding, options } = ctx;
  const run = (params: Record<string, string>, tenant: string | undefined) =>
    getRunSummary(alma, parseInput(runPath, params, 'run path').runId, requestScope(binding, tenant));

  app.get('/api/runs', async (c) => {
    const q = parseQuery(c.req.url, runListSchema, 'run list');
    const page = await requireMethod(alma.storage, 'listRuns', 'list runs')({
      scope: requestScope(binding, q.tenant), limit: q.limit,
      ...(q.workflow ? { workflowId: q.workflow } : {}), ...(q.status ? { status: q.status } : {}),
      ...(q.agent ? { agent: q.agent } : {}), ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    return json(page);
  });

  app.get('/api/runs/:runId/graph', async (c) => {
    const q = parseQuery(c.req.url, graphSchema, 'run graph');
    const summary = await run(c.req.param(), q.tenant);
    return json({ run: summary, graph: await runGraph(alma, summary, q.afterSeq, q.limit) });
  });

  app.get('/api/runs/:runId/checkpoints/:id', async (c) => {
    const q = parseQuery(c.req.url, tenantOnly, 'checkpoint');
    const { id } = parseInput(checkpointPath, c.req.param(), 'checkpoint path');
    return json(toNode(await checkpointOf(alma, await run(c.req.param(), q.tenant), id)));
  });

  app.get('/api/runs/:runId/checkpoints/:id/state', async (c) => {
    const q = parseQuery(c.req.url, tenantOnly, 'checkpoint state');
    const { runId, id } = parseInput(checkpointPath, c.req.param(), 'checkpoint path');
    const summary = await run(c.req.param(), q.tenant);
    return json(await checkpointState(alma, summary, id, options.maxStateBytes, stateDownloadUrl(runId, id, q.tenant)));
  });

  app.get('/api/runs/:runId/checkpoints/:id/state.json', async (c) => {
    const q = parseQuery(c.req.url, tenantOnly, 'state download');
    const { id } = parseInput(checkpointPath, c.req.param(), 'checkpoint path');
    const { record, text } = await stateJson(alma, await run(c.req.param(), q.tenant), id);
    const name = `${record.runId}-seq${record.seq}.json`.replace(/[^\w.-]/g, '_');
    return new Response(text, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  });

  app.get('/api/runs/:runId/diff', async (c) => {
    const q = parseQuery(c.req.url, diffSchema, 'checkpoint diff');
    return json(await diffCheckpoints(alma, await run(c.req.param(), q.tenant), q.from, q.to));
  });
}
