import type { ALMA } from '@alma/core';
import { RETRIEVAL_SCOPE_ORDER } from '@alma/types';
import { Hono } from 'hono';
import type { ResolvedStudioOptions } from '../options.js';
import { VERSION } from '../version.js';
import type { Assets } from './assets.js';
import { guard } from './auth.js';
import type { Binding } from './binding.js';
import { json, type StudioContext } from './context.js';
import { errorResponse, StudioError } from './errors.js';
import { kindLabel, MEMORY_KINDS, sortsOf } from './memories/kinds.js';
import { MemoryLister } from './memories/list.js';
import { healthRoutes } from './routes/health.js';
import { insightRoutes } from './routes/insight.js';
import { memoryRoutes } from './routes/memories.js';
import { assetRoutes, errorPage, noPage, pageRoutes } from './routes/pages.js';
import { runRoutes } from './routes/runs.js';

/**
 * On every answer: the page runs only its own script and styles, talks only to this server, cannot be framed, and
 * sends no referrer (URLs carry ids and tenants).
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** What the page needs to know about the server before anything else. */
function meta(ctx: StudioContext) {
  const { alma, binding, options } = ctx;
  return {
    version: VERSION,
    projectId: alma.projectId,
    adapter: alma.storage.capabilities.name,
    binding,
    agents: Object.keys(alma.scopes).sort(),
    kinds: MEMORY_KINDS.map((kind) => ({ kind, label: kindLabel(kind), sorts: sortsOf(kind) })),
    retrievalScopes: RETRIEVAL_SCOPE_ORDER.filter((s) => s !== 'global' || binding.admin),
    maxStateBytes: options.maxStateBytes,
  };
}

/**
 * The studio as a Hono app: the JSON API under /api, the pages (each served with the status of the data it shows),
 * the built assets. Every read goes through the ALMA facade and the storage contract, so any store works.
 */
export function createStudioApp(alma: ALMA, options: ResolvedStudioOptions, assets: Assets): Hono {
  const binding: Binding = { tenantId: options.allTenants ? undefined : options.tenantId, admin: options.allTenants, allowWrites: options.allowWrites };
  const ctx: StudioContext = { alma, options, binding, lister: new MemoryLister(alma, options.maxScan) };
  const report = (where: string) => (error: unknown) => options.onError?.(error, where);
  const app = new Hono();

  app.onError((error, c) => {
    if (!c.req.path.startsWith('/api/')) return errorPage(assets, c.req.path, error, report(c.req.path));
    const { status, body, headers } = errorResponse(error, report(c.req.path));
    const response = json(body, status);
    for (const [k, v] of Object.entries(headers ?? {})) response.headers.set(k, v);
    return response;
  });
  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });
  app.use('*', guard(options.host, options.token));
  app.get('/api/meta', () => json(meta(ctx)));
  memoryRoutes(app, ctx);
  runRoutes(app, ctx);
  insightRoutes(app, ctx);
  healthRoutes(app, ctx);
  app.all('/api/*', (c) => {
    const known = app.routes.some((r) => r.method !== 'ALL' && r.path !== '/api/*' && new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}$`).test(c.req.path));
    if (known) throw new StudioError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}.`);
    throw new StudioError(404, 'ROUTE_NOT_FOUND', `No API at ${c.req.path}.`);
  });
  assetRoutes(app, assets);
  pageRoutes(app, assets, report('page'));
  app.notFound((c) => errorPage(assets, c.req.path, noPage(c.req.path)));
  return app;
}
