import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALMA } from '@alma/core';
import { SqliteStorage } from '@alma/storage-sqlite';
import { ConfigError } from '@alma/types';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHttpServer, type RunningHttpServer } from './http.js';

const TOKEN_A = 'token-for-tenant-a-0123456789';
const TOKEN_B = 'token-for-tenant-b-0123456789';

let storage: SqliteStorage;
let alma: ALMA;
let http: RunningHttpServer;
const errors: unknown[] = [];

async function clientWith(token?: string): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(http.url, { requestInit: { headers } }));
  return client;
}

/** A raw request (for headers fetch would not let us set, like Host). */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(new URL(path, http.url), { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

beforeAll(async () => {
  storage = new SqliteStorage({ path: ':memory:' });
  alma = new ALMA({ storage, projectId: 'http-test' });
  http = await startHttpServer(alma, {
    port: 0,
    tokens: { [TOKEN_A]: 'tenant-a', [TOKEN_B]: 'tenant-b' },
    onError: (e) => errors.push(e),
  });
});
afterAll(async () => {
  await http.close();
  await alma.close();
});

describe('Streamable HTTP', () => {
  it('serves the tools to a client with a valid bearer token, bound to its tenant', async () => {
    const a = await clientWith(TOKEN_A);
    const tools = await a.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('alma_retrieve');
    const saved = await a.callTool({ name: 'alma_add_preference', arguments: { userId: 'u', category: 'c', preference: 'be brief' } });
    expect(saved.isError).toBeFalsy();
    const other = await a.callTool({ name: 'alma_stats', arguments: { tenantId: 'tenant-b' } });
    expect(other.isError).toBe(true);
    await a.close();

    const b = await clientWith(TOKEN_B);
    const statsB = await b.callTool({ name: 'alma_stats', arguments: {} });
    expect((statsB.structuredContent as { totalMemories: number }).totalMemories).toBe(0);
    await b.close();
    expect((await storage.getStats({ scope: { tenantId: 'tenant-a' }, projectId: 'http-test' })).totalMemories).toBe(1);
  }, 30_000); // two sessions over HTTP, each a server with every tool: seconds on a busy 2-core machine

  it('answers 401 without or with a wrong token', async () => {
    await expect(clientWith()).rejects.toThrow(/401|Unauthorized/);
    await expect(clientWith('wrong-token')).rejects.toThrow(/401|Unauthorized/);
    const r = await raw('/mcp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toContain('Bearer');
  });

  it('health, 404, 405 and DNS-rebinding protection', async () => {
    expect(await raw('/health')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect((await raw('/other')).status).toBe(404);
    expect((await raw('/mcp', { headers: { authorization: `Bearer ${TOKEN_A}` } })).status).toBe(405);
    expect((await raw('/health', { headers: { host: 'evil.example:80' } })).status).toBe(403);
  });

  it('refuses unsafe configurations', async () => {
    await expect(startHttpServer(alma, { host: '0.0.0.0', port: 0 })).rejects.toThrow(ConfigError);
    await expect(startHttpServer(alma, { port: 0, tokens: { '': undefined } })).rejects.toThrow(/must not be empty/);
    await expect(startHttpServer(alma, { port: Number(http.url.port) })).rejects.toThrow(/EADDRINUSE/);
  });

  it('a tenant-less server without tokens serves loopback clients', async () => {
    const open = await startHttpServer(alma, { port: 0, tenantId: 'solo' });
    const client = new Client({ name: 'open', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(open.url));
    const r = await client.callTool({ name: 'alma_stats', arguments: {} });
    expect(r.isError).toBeFalsy();
    await client.close();
    await open.close();
    expect(errors).toEqual([]);
  });
});
