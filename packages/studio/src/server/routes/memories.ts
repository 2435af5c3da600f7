import type { Hono } from 'hono';
import { z } from 'zod';
import { parseInput } from '@alma/types';
import { assertWritable, requestScope } from '../binding.js';
import { json, type StudioContext } from '../context.js';
import { StudioError } from '../errors.js';
import { memoryDetail } from '../memories/detail.js';
import { MEMORY_KINDS, SORT_KEYS, type MemoryKind } from '../memories/kinds.js';
import { getRecord } from '../memories/read.js';
import { idParam, intParam, parseQuery } from '../query.js';

const kindSchema = z.enum(MEMORY_KINDS as [MemoryKind, ...MemoryKind[]]);

export const listQuerySchema = z
  .object({
    kind: kindSchema.default('heuristic'),
    tenant: idParam.optional(),
    agent: idParam.optional(),
    workflow: idParam.optional(),
    text: z.string().max(500).optional(),
    sort: z.enum(SORT_KEYS).default('lastUsed'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: intParam(0, 100_000).default(0),
    limit: intParam(1, 200).default(50),
  })
  .strict();

const tenantOnly = z.object({ tenant: idParam.optional() }).strict();
const pathSchema = z.object({ kind: kindSchema, id: idParam });

/** Path parameters, validated like query parameters (an unknown type or a malformed id is a 400). */
export const memoryPath = (params: Record<string, string>): { kind: MemoryKind; id: string } => parseInput(pathSchema, params, 'memory path');

export function memoryRoutes(app: Hono, ctx: StudioContext): void {
  app.get('/api/memories', async (c) => {
    const q = parseQuery(c.req.url, listQuerySchema, 'memory list');
    const base = requestScope(ctx.binding, q.tenant);
    const scope = q.workflow ? { ...base, workflowId: q.workflow } : base;
    const page = await ctx.lister.list({
      kind: q.kind, scope, agent: q.agent, text: q.text?.trim() || undefined, sort: q.sort, order: q.order, offset: q.offset, limit: q.limit,
    });
    return json(page);
  });

  app.get('/api/memories/:kind/:id', async (c) => {
    const { kind, id } = memoryPath(c.req.param());
    const q = parseQuery(c.req.url, tenantOnly, 'memory');
    return json(await memoryDetail(ctx.alma, kind, id, requestScope(ctx.binding, q.tenant)));
  });

  app.post('/api/memories/:kind/:id/delete', async (c) => {
    assertWritable(ctx.binding);
    const { kind, id } = memoryPath(c.req.param());
    const q = parseQuery(c.req.url, tenantOnly, 'memory delete');
    const body = parseInput(z.object({ confirm: z.string() }).strict(), await bodyOf(c.req.raw), 'delete request');
    if (body.confirm !== id) throw new StudioError(400, 'VALIDATION', `Confirm the delete by sending { "confirm": "${id}" } (the id of the memory).`);
    const scope = requestScope(ctx.binding, q.tenant);
    await getRecord(ctx.alma, kind, id, scope); // 404 when it is not there (or not this tenant's)
    const deleted = kind === 'workflow_outcome'
      ? await ctx.alma.storage.deleteWorkflowOutcome(id, scope)
      : await ctx.alma.storage.deleteMemory(kind, id, scope);
    ctx.lister.clear();
    ctx.alma.retrieval.clearCache();
    return json({ kind, id, deleted });
  });
}

/** A JSON request body; anything else is a 400 saying so. */
export async function bodyOf(req: Request): Promise<unknown> {
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) {
    throw new StudioError(400, 'VALIDATION', 'Send the request body as JSON (content-type: application/json).');
  }
  const text = await req.text();
  if (text.length > 1024 ** 2) throw new StudioError(413, 'VALIDATION', 'The request body is over 1 MB.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StudioError(400, 'VALIDATION', 'The request body is not valid JSON.');
  }
}
