import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { notBuilt, type Assets } from '../assets.js';
import { errorResponse, StudioError } from '../errors.js';
import { renderPage, type Boot } from '../page-html.js';
import { idParam, intParam, parseQuery, rawQuery } from '../query.js';

const runPageSchema = z
  .object({ tenant: idParam.optional(), checkpoint: idParam.optional(), compare: idParam.optional(), afterSeq: intParam(0, Number.MAX_SAFE_INTEGER).optional() })
  .strict();

const qs = (params: Record<string, string | number | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v));
  const text = p.toString();
  return text ? `?${text}` : '';
};
const searchOf = (url: string): string => {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
};
const enc = encodeURIComponent;

/**
 * The API answers a page needs first, as URLs. The page is served with the status of the first that fails (a
 * deleted run's page is a 404, a malformed query a 400) and the answer of the first one as boot data.
 */
const PAGES: ReadonlyArray<[string, (c: Context) => string[]]> = [
  ['/memories', (c) => [`/api/memories${searchOf(c.req.url)}`]],
  ['/memories/:kind/:id', (c) => [`/api/memories/${enc(c.req.param('kind') ?? '')}/${enc(c.req.param('id') ?? '')}${searchOf(c.req.url)}`]],
  ['/retrieval', (c) => (searchOf(c.req.url) ? [`/api/retrieve${searchOf(c.req.url)}`] : ['/api/meta'])],
  ['/runs', (c) => [`/api/runs${searchOf(c.req.url)}`]],
  ['/runs/:runId', (c) => {
    const q = parseQuery(c.req.url, runPageSchema, 'run page');
    const run = `/api/runs/${enc(c.req.param('runId') ?? '')}`;
    const tenant = { tenant: q.tenant };
    return [
      `${run}/graph${qs({ ...tenant, afterSeq: q.afterSeq })}`,
      ...[q.checkpoint, q.compare].flatMap((id) => (id === undefined ? [] : [`${run}/checkpoints/${enc(id)}${qs(tenant)}`])),
    ];
  }],
  ['/timeline', (c) => [`/api/timeline${searchOf(c.req.url)}`]],
  ['/health', (c) => [`/api/health${searchOf(c.req.url)}`]],
];

const html = (text: string, status: number): Response =>
  new Response(text, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });

/** An error as a page: the same shell, the error as boot data and as plain HTML. */
export function errorPage(assets: Assets, path: string, error: unknown, onError?: (e: unknown) => void): Response {
  const { status, body, headers } = errorResponse(error, onError);
  const response = html(renderPage(assets.indexHtml, { status, api: path, body }), status);
  for (const [k, v] of Object.entries(headers ?? {})) response.headers.set(k, v);
  return response;
}

export function pageRoutes(app: Hono, assets: Assets, onError?: (e: unknown) => void): void {
  app.get('/', (c) => c.redirect(`/memories${searchOf(c.req.url)}`, 302));
  for (const [path, probesOf] of PAGES) {
    app.get(path, async (c) => {
      try {
        if (!assets.built) throw new StudioError(503, 'CONFIG', notBuilt(assets.dir));
        rawQuery(c.req.url); // a malformed query string fails here, before any probe
        const probes = probesOf(c);
        const headers = new Headers();
        for (const h of ['host', 'authorization', 'cookie']) {
          const v = c.req.header(h);
          if (v !== undefined) headers.set(h, v);
        }
        let boot: Boot | undefined;
        for (const probe of probes) {
          const res = await app.fetch(new Request(new URL(probe, c.req.url), { headers }));
          const answer: Boot = { status: res.status, api: probe, body: await res.json() };
          if (answer.status >= 400) return html(renderPage(assets.indexHtml, answer), answer.status);
          boot ??= answer;
        }
        return html(renderPage(assets.indexHtml, boot as Boot), 200);
      } catch (error) {
        return errorPage(assets, c.req.path, error, onError);
      }
    });
  }
}

/** Serves the built files (read once at start) by exact path. */
export function assetRoutes(app: Hono, assets: Assets): void {
  app.get('*', async (c, next) => {
    const file = assets.files.get(c.req.path);
    if (!file) return next();
    return new Response(file.body, {
      headers: { 'content-type': file.type, 'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' },
    });
  });
}

/** No page at this path. */
export const noPage = (path: string): StudioError =>
  new StudioError(404, 'ROUTE_NOT_FOUND', `There is no page at ${path}. The pages are /memories, /retrieval, /runs, /timeline and /health.`);
