import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ALMA } from '@alma/core';
import { ConfigError } from '@alma/types';
import { getRequestListener } from '@hono/node-server';
import { isLoopback, resolveStudioOptions, type StudioOptions } from '../options.js';
import { createStudioApp } from './app.js';
import { defaultAssetsDir, loadAssets } from './assets.js';

export interface RunningStudio {
  /** The page to open; carries `?token=` when the studio has a token. */
  readonly url: URL;
  /** False when the page was never built: the API answers, every page says how to build it. */
  readonly pageBuilt: boolean;
  readonly server: Server;
  /** Stops serving (the caller closes the ALMA instance it passed). */
  close(): Promise<void>;
}

/**
 * Serves alma studio over `alma` on `host:port` (127.0.0.1:8780 by default). Refuses to bind anything but loopback
 * without a token. The page is read from the built assets at start; nothing is fetched from the internet.
 */
export async function startStudio(alma: ALMA, options: StudioOptions = {}): Promise<RunningStudio> {
  const o = resolveStudioOptions(options);
  if (!isLoopback(o.host) && o.token === undefined) {
    throw new ConfigError(`refusing to serve alma studio on ${o.host} without a token (pass --token, or bind 127.0.0.1).`);
  }
  const assets = loadAssets(o.assetsDir ?? defaultAssetsDir());
  const app = createStudioApp(alma, o, assets);
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ConfigError(`port ${o.port} on ${o.host} is in use; pass --port <n> (0 = any free port).`, { cause: error }) : error),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = new URL(`http://${host}:${address.port}/`);
  if (o.token !== undefined) url.searchParams.set('token', o.token);
  return {
    url,
    pageBuilt: assets.built,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
