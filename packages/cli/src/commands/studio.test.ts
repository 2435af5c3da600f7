import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../io.js';
import { runAlma } from '../program.js';
import { alma, tempDir, writeConfig } from '../test-support/run.js';
import { loadStudio, storeInfo } from './studio.js';

const { dir, cleanup } = tempDir('studio');
afterAll(cleanup);
writeConfig(dir, '.alma/config.yaml', { adapter: 'sqlite', options: { path: 'store.db' } });
writeConfig(dir, 'strict.yaml', { adapter: 'sqlite', options: { path: ':memory:' } }, 'require_tenant: true\n');

/** Runs `alma studio <args>` and hands the running server to `use` (the server is closed afterwards). */
async function studio(args: string[], use: (running: RunningServer) => Promise<void>, env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const stdout = new PassThrough().on('data', (c: Buffer) => (out += c.toString()));
  const stderr = new PassThrough().on('data', (c: Buffer) => (err += c.toString()));
  const code = await runAlma(['studio', '--port', '0', ...args], {
    stdin: new PassThrough(), stdout, stderr, env, cwd: dir,
    serve: async (running) => {
      try {
        await use(running);
      } finally {
        await running.close();
      }
    },
  });
  return { code, out, err };
}

describe('alma studio', () => {
  it('serves the store of the config on 127.0.0.1, bound to --tenant, and prints its URL', async () => {
    const r = await studio(['--tenant', 'acme'], async (running) => {
      const meta = await fetch(new URL('/api/meta', running.url));
      expect(meta.status).toBe(200);
      expect(await meta.json()).toMatchObject({ projectId: 'shop', adapter: 'sqlite', binding: { tenantId: 'acme', admin: false, allowWrites: false } });
      const health = (await (await fetch(new URL('/api/health', running.url))).json()) as Record<string, unknown>;
      expect(health['store']).toMatchObject({ adapter: 'sqlite', target: expect.stringContaining('store.db'), sizeBytes: expect.any(Number) });
      expect(health['migrations']).toMatchObject({ adapter: 'sqlite', pending: [] });
      const other = await fetch(new URL('/api/memories?tenant=globex', running.url));
      expect(other.status).toBe(403);
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^alma studio: http:\/\/127\.0\.0\.1:\d+\/\n$/);
  });

  it('with a token the printed URL carries it and a request without it is refused', async () => {
    const token = 'a-long-enough-test-token';
    const r = await studio(['--all-tenants', '--allow-writes'], async (running) => {
      expect(running.url?.searchParams.get('token')).toBe(token);
      expect((await fetch(new URL('/api/meta', running.url))).status).toBe(401);
      const meta = await fetch(new URL('/api/meta', running.url), { headers: { authorization: `Bearer ${token}` } });
      expect(await meta.json()).toMatchObject({ binding: { admin: true, allowWrites: true } });
    }, { ALMA_STUDIO_TOKEN: token });
    expect(r.code).toBe(0);
  });

  it('refuses what it must: two bindings, no tenant under require_tenant, a public host without a token', async () => {
    const both = await alma(dir, ['studio', '--tenant', 'a', '--all-tenants']);
    expect(both).toMatchObject({ code: 2, err: 'alma: --tenant and --all-tenants exclude each other.\n' });
    const strict = await alma(dir, ['studio', '-c', 'strict.yaml']);
    expect(strict.code).toBe(2);
    expect(strict.err).toMatch(/require_tenant: true; pass --tenant <id>/);
    const open = await alma(dir, ['studio', '--host', '0.0.0.0', '--port', '0']);
    expect(open).toMatchObject({ code: 1, err: expect.stringMatching(/^alma: refusing to serve alma studio on 0\.0\.0\.0 without a token/) });
    const port = await alma(dir, ['studio', '--port', '70000']);
    expect(port.code).toBe(2);
  });

  it('says what to install when @alma/studio is missing or too old', async () => {
    await expect(loadStudio(() => Promise.reject(new Error('Cannot find package')))).rejects.toThrow(
      'alma studio needs the package @alma/studio (Cannot find package): run `npm install @alma/studio`',
    );
    await expect(loadStudio(() => Promise.resolve({}))).rejects.toThrow('@alma/studio does not export startStudio(); upgrade it');
  });

  it('reports the size of a file store and nothing for a server store', () => {
    const memory = { path: '/x/c.yaml', config: { storage: { adapter: 'memory', options: {} } } } as never;
    expect(storeInfo(memory)).toEqual({ adapter: 'memory' });
    const missing = { path: '/x/c.yaml', config: { storage: { adapter: 'sqlite', options: { path: `${dir}/none.db` } } } } as never;
    expect(storeInfo(missing)).toEqual({ adapter: 'sqlite', target: `${dir}/none.db`, sizeBytes: 0 });
  });
});
