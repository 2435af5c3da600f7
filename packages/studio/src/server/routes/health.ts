import type { Hono } from 'hono';
import { z } from 'zod';
import { parseInput, type MemoryType } from '@alma/types';
import { assertWritable, requestScope, tenantOf } from '../binding.js';
import { json, type StudioContext } from '../context.js';
import { StudioError } from '../errors.js';
import { forgettingCandidates, healthReport } from '../health.js';
import { idParam, parseQuery } from '../query.js';
import { bodyOf } from './memories.js';

const tenantOnly = z.object({ tenant: idParam.optional() }).strict();
const candidatesSchema = z.object({ tenant: idParam.optional(), agent: idParam.optional() }).strict();
const PRUNABLE = ['heuristic', 'outcome', 'domain_knowledge', 'anti_pattern'] as const;
const forgetSchema = z
  .object({
    items: z.array(z.object({ memoryType: z.enum(PRUNABLE), id: idParam }).strict()).min(1).max(1000),
    confirm: z.number().int(),
  })
  .strict();

export function healthRoutes(app: Hono, ctx: StudioContext): void {
  const { alma, binding, options } = ctx;

  app.get('/api/health', async (c) => {
    const q = parseQuery(c.req.url, tenantOnly, 'health page');
    return json(await healthReport(alma, requestScope(binding, q.tenant), options));
  });

  app.get('/api/health/candidates', async (c) => {
    const q = parseQuery(c.req.url, candidatesSchema, 'forgetting candidates');
    return json(await forgettingCandidates(alma, tenantOf(requestScope(binding, q.tenant)), q.agent));
  });

  /** Deletes exactly the candidates the user saw and confirmed (not whatever the policy picks at that moment). */
  app.post('/api/forget', async (c) => {
    assertWritable(binding);
    const q = parseQuery(c.req.url, tenantOnly, 'forget request');
    const body = parseInput(forgetSchema, await bodyOf(c.req.raw), 'forget request');
    if (body.confirm !== body.items.length) {
      throw new StudioError(400, 'VALIDATION', `Confirm by sending "confirm": ${body.items.length} (the number of memories to forget).`);
    }
    const scope = requestScope(binding, q.tenant);
    let deleted = 0;
    for (const item of body.items) if (await alma.storage.deleteMemory(item.memoryType as MemoryType, item.id, scope)) deleted++;
    ctx.lister.clear();
    alma.retrieval.clearCache();
    return json({ requested: body.items.length, deleted });
  });
}
