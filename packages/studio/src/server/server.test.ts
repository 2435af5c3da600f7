import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError } from '@alma/types';
import { resolveStudioOptions } from '../options.js';
import { MemoryStorage } from '@alma/storage-memory';
import { launchBrowser } from '../test-support/browser.js';
import { apiClient, apiClientFor, type ApiClient } from '../test-support/api.js';
import { almaOn, clock, DELETED_RUN, RELEASE_RUN, SECRET, seedAlma } from '../test-support/seed.js';
import { serveStore } from '../test-support/studio.js';
import { apiSuite } from '../test-support/suites.js';
import { VERSION } from '../version.js';
import { renderPage } from './page-html.js';
import { rawQuery } from './query.js';

const suite = apiSuite('server', { tenantId: 'acme' });

const TOKEN = 'studio-test-token-0123456789';

describe('pages', () => {
  it('are served with the status of the data they show, the error as plain HTML too', async () => {
    const ok = await suite.api.get('/memories');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(ok.headers.get('x-frame-options')).toBe('DENY');
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    const html = await ok.text();
    expect(html).toContain('<script id="alma-boot" type="application/json">');
    expect(html).toContain('Loading alma studio…');
    const gone = await suite.api.get(`/runs/${DELETED_RUN}`);
    expect(gone.status).toBe(404);
    const page = await gone.text();
    expect(page).toContain('<div class="boot-error" role="alert"><h1>404 Not found</h1>');
    expect(page).toContain(`Run &#39;${DELETED_RUN}&#39; was not found in tenant &#39;acme&#39;`);
    expect((await suite.api.get('/memories?limit=-1')).status).toBe(400);
    expect((await suite.api.get('/runs/run-release-42?checkpoint=ckpt_nope')).status).toBe(404);
    expect((await suite.api.get('/runs/run-release-42?bogus=1')).status).toBe(400);
    expect((await suite.api.get('/retrieval')).status).toBe(200);
    expect((await suite.api.get('/retrieval?agent=coder')).status).toBe(400);
    expect((await suite.api.get('/memories?text=%ZZ')).status).toBe(400);
    const none = await suite.api.get('/no/such/page');
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('There is no page at /no/such/page');
    const root = await suite.api.get('/?kind=outcome');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/memories?kind=outcome');
  });

  it('boot data cannot close its script element, whatever the data holds', () => {
    const html = renderPage('<body><!--alma-boot--><!--alma-fallback--></body>', { status: 200, api: '/x', body: { text: '</script><script>alert(1)</script>' } });
    expect(html).not.toContain('</script><script>alert');
    expect(html).toContain('\\u003c/script>');
  });

  it('answers unknown APIs 404 and wrong methods 405, as JSON', async () => {
    const unknown = await suite.api.json<{ error: { code: string } }>('/api/nothing');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ROUTE_NOT_FOUND' } } });
    const wrong = await suite.api.post('/api/memories', {});
    expect(wrong.status).toBe(405);
  });

  it('serves the built assets by exact path, hashed ones cacheable for ever', async () => {
    const html = await (await suite.api.get('/memories')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const res = await suite.api.get(script);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect((await suite.api.get('/assets/../package.json')).status).toBe(404);
  });

  it('without a build, every page says how to build it and the API still answers', async () => {
    const bare = apiClient(suite.store.path, { tenantId: 'acme', assetsDir: join(suite.store.dir, 'no-build') });
    try {
      const page = await bare.get('/memories');
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build -w @alma/studio');
      expect((await bare.get('/api/meta')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('who may ask', () => {
  it('refuses a Host that is not loopback when bound to loopback (DNS rebinding)', async () => {
    const r = await suite.api.get('/api/meta', { host: 'evil.example:8780' });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_HOST');
    expect((await suite.api.get('/api/meta', { host: 'localhost:8780' })).status).toBe(200);
    expect((await suite.api.get('/api/meta', { host: '[::1]:8780' })).status).toBe(200);
  });

  it('with a token: 401 without it, the bearer or the cookie let in, ?token= sets the cookie and drops it from the URL', async () => {
    const t = apiClient(suite.store.path, { tenantId: 'acme', token: TOKEN });
    try {
      const denied = await t.get('/api/meta');
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="alma-studio"');
      expect((await t.get('/memories')).status).toBe(401);
      expect((await t.get('/api/meta', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await t.get('/api/meta', { authorization: 'Bearer wrong-token-of-same-len' })).status).toBe(401);
      expect((await t.get('/api/meta', { cookie: `other=1; alma_studio_token=${TOKEN}` })).status).toBe(200);
      const open = await t.get(`/runs?status=completed&token=${TOKEN}`);
      expect(open.status).toBe(303);
      expect(open.headers.get('location')).toBe('/runs?status=completed');
      expect(open.headers.get('set-cookie')).toBe(`alma_studio_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
    } finally {
      await t.close();
    }
  });
});

describe('errors', () => {
  it('a failure that is not an AlmaError is a generic 500 (no stack, no data), reported to onError', async () => {
    const onError = jest.fn();
    const broken = apiClient(suite.store.path, { tenantId: 'acme', onError });
    try {
      jest.spyOn(broken.alma.storage, 'getStats').mockRejectedValue(new TypeError(`boom ${SECRET}`));
      const r = await broken.json<{ error: { code: string; message: string } }>('/api/health');
      expect(r.status).toBe(500);
      expect(r.body.error).toEqual({ status: 500, code: 'INTERNAL', message: 'Internal error in alma studio; the server log has the details.' });
      expect(r.text).not.toContain('boom');
      expect(onError).toHaveBeenCalledWith(expect.any(TypeError), '/api/health');
      const page = await broken.get('/health');
      expect(page.status).toBe(500);
    } finally {
      await broken.close();
    }
  });

  it('parts of the health page that fail are named, the rest is shown', async () => {
    const partial = apiClient(suite.store.path, {
      tenantId: 'acme',
      migrationStatus: () => Promise.reject(new Error('no migrations table')),
      storeInfo: async () => ({ adapter: 'sqlite', target: 'x.db', sizeBytes: 10 }),
    });
    try {
      const r = await partial.json<{ problems: Record<string, string>; store: unknown }>('/api/health');
      expect(r.status).toBe(200);
      expect(r.body.problems).toEqual({ migrations: 'no migrations table' });
      expect(r.body.store).toEqual({ adapter: 'sqlite', target: 'x.db', sizeBytes: 10 });
    } finally {
      await partial.close();
    }
  });
});

describe('any store', () => {
  it('gives the same answers on the in-memory reference store as on SQLite', async () => {
    const c = clock(20);
    const memory = almaOn(new MemoryStorage(), c.now);
    await seedAlma(memory, c);
    const m = apiClientFor(memory, { tenantId: 'acme' });
    try {
      const shape = async (client: ApiClient) => {
        const health = await client.json<{ counts: unknown; runs: unknown }>('/api/health');
        const graph = await client.json<{ graph: { nodes: Array<{ nodeId: string; seq: number }>; edges: Array<{ kind: string }> } }>(`/api/runs/${RELEASE_RUN}/graph`);
        const timeline = await client.json<{ events: Array<{ action: string; memoryKind: string; sources: unknown[] }> }>('/api/timeline');
        const deleted = await client.json(`/api/runs/${DELETED_RUN}/graph`);
        return {
          counts: health.body.counts, runs: health.body.runs,
          nodes: graph.body.graph.nodes.map((n) => `${n.seq}:${n.nodeId}`), edges: graph.body.graph.edges.map((e) => e.kind).sort(),
          events: timeline.body.events.map((e) => `${e.memoryKind} ${e.action} ${e.sources.length}`).sort(),
          deleted: deleted.status,
        };
      };
      expect(await shape(m)).toEqual(await shape(suite.api));
    } finally {
      await m.close();
    }
  });
});

describe('the browser tests', () => {
  it('fail with one line naming the fix when Chromium is missing', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(
      "alma studio's browser tests need Chromium at /nonexistent/chromium: run `apt-get install -y chromium` (npm test's preflight installs it).",
    );
  });
});

describe('options and serving', () => {
  it('rejects bad options as ConfigErrors naming them', () => {
    expect(() => resolveStudioOptions({ tenantId: 'a', allTenants: true })).toThrow(/tenantId and allTenants exclude each other/);
    expect(() => resolveStudioOptions({ token: 'short' })).toThrow(ConfigError);
    expect(() => resolveStudioOptions({ port: 70_000 })).toThrow(/port/);
    expect(() => resolveStudioOptions({ nope: 1 } as never)).toThrow(ConfigError);
  });

  it('listens on 127.0.0.1, refuses a public interface without a token and says when the port is taken', async () => {
    const s = await serveStore(suite.store.path, { tenantId: 'acme' });
    try {
      expect(s.studio.url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(s.studio.pageBuilt).toBe(true);
      const meta = (await (await fetch(new URL('/api/meta', s.studio.url))).json()) as { version: string };
      expect(meta.version).toBe(VERSION);
      await expect(serveStore(suite.store.path, { port: Number(s.studio.url.port) })).rejects.toThrow(/is in use; pass --port/);
    } finally {
      await s.close();
    }
    await expect(serveStore(suite.store.path, { host: '0.0.0.0' })).rejects.toThrow(/refusing to serve alma studio on 0\.0\.0\.0 without a token/);
    const withToken = await serveStore(suite.store.path, { token: TOKEN });
    try {
      expect(withToken.studio.url.searchParams.get('token')).toBe(TOKEN);
    } finally {
      await withToken.close();
    }
  });

  it('keeps its version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('parses query strings strictly', () => {
    expect(rawQuery('/x?a=1&b=&c=%20d+e#frag')).toEqual({ a: '1', c: ' d e' });
    expect(rawQuery('/x')).toEqual({});
    expect(() => rawQuery('/x?a=1&a=2')).toThrow(/given twice/);
  });
});
