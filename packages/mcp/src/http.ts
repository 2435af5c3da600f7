import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ALMA } from '@alma/core';
import { ConfigError } from '@alma/types';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AlmaMcpServerOptions } from './options.js';
import { createAlmaMcpServer } from './server.js';

export interface HttpServerOptions extends AlmaMcpServerOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 8765 */
  port?: number;
  /** Path of the MCP endpoint. @default '/mcp' */
  path?: string;
  /**
   * Bearer tokens and the tenant each one is bound to (`undefined` = the server's `tenantId`). With tokens, a request
   * without a valid `Authorization: Bearer <token>` gets 401. Without tokens the server only binds a loopback host.
   * @default {} (no authentication)
   */
  tokens?: Readonly<Record<string, string | undefined>>;
}

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8765/mcp */
  readonly url: URL;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
const rpcError = (message: string, code = -32001) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

/** The tenant of the request's bearer token; undefined = no valid token. Compares in constant time. */
function authenticate(req: IncomingMessage, tokens: ReadonlyArray<[Buffer, string | undefined]>): { tenantId: string | undefined } | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const given = Buffer.from(match[1] as string);
  let found: { tenantId: string | undefined } | undefined;
  for (const [token, tenantId] of tokens) {
    if (token.length === given.length && timingSafeEqual(token, given) && !found) found = { tenantId };
  }
  return found;
}

/** The hostname of a Host header ("[::1]:8765" -> "[::1]"). */
const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? ''));

/**
 * Serves `alma` over MCP Streamable HTTP (stateless: each POST gets a fresh server bound to the caller's tenant, so
 * a token can never reach another token's tenant). Also answers `GET /health`. Loopback-only unless tokens are set.
 */
export async function startHttpServer(alma: ALMA, options: HttpServerOptions = {}): Promise<RunningHttpServer> {
  const { host = '127.0.0.1', port = 8765, path = '/mcp', tokens = {}, ...serverOptions } = options;
  const tokenList = Object.entries(tokens).map(([t, tenant]): [Buffer, string | undefined] => [Buffer.from(t), tenant ?? serverOptions.tenantId]);
  if (tokenList.some(([t]) => t.length === 0)) throw new ConfigError('alma-mcp: an HTTP bearer token must not be empty.');
  if (!isLoopback(host) && tokenList.length === 0) {
    throw new ConfigError(`alma-mcp: refusing to serve HTTP on ${host} without a bearer token (pass --token or bind 127.0.0.1).`);
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (isLoopback(host) && !isLoopback(hostnameOf(req.headers.host ?? ''))) {
      return sendJson(res, 403, rpcError('Forbidden host header (DNS rebinding protection).'));
    }
    if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname !== path) return sendJson(res, 404, rpcError('Not found.'));
    let tenantId = serverOptions.tenantId;
    if (tokenList.length > 0) {
      const auth = authenticate(req, tokenList);
      if (!auth) {
        return sendJson(res, 401, rpcError('Unauthorized: send Authorization: Bearer <token>.'), {
          'www-authenticate': 'Bearer realm="alma-mcp"',
        });
      }
      tenantId = auth.tenantId;
    }
    if (req.method !== 'POST') {
      return sendJson(res, 405, rpcError('Method not allowed: this server is stateless, POST only.', -32000), { allow: 'POST' });
    }
    const mcp = createAlmaMcpServer(alma, { ...serverOptions, tenantId });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      serverOptions.onError?.(error, 'http');
      if (!res.headersSent) sendJson(res, 500, rpcError('Internal server error.', -32603));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: new URL(`http://${urlHost}:${address.port}${path}`),
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
