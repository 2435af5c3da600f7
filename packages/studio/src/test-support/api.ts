import type { Hono } from 'hono';
import type { ALMA } from '@alma/core';
import { createStudioApp } from '../server/app.js';
import { defaultAssetsDir, loadAssets } from '../server/assets.js';
import { resolveStudioOptions, type StudioOptions } from '../options.js';
import { almaOn, openStore } from './seed.js';

export interface ApiClient {
  readonly alma: ALMA;
  readonly app: Hono;
  /** A request as a browser on the same machine sends it (Host 127.0.0.1). */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T; text: string }>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The studio app over the SQLite store at `path`, called in-process (no socket). */
export const apiClient = (path: string, options: StudioOptions = {}): ApiClient => apiClientFor(almaOn(openStore(path)), options);

/** The studio app over any ALMA instance (closed by `close`). */
export function apiClientFor(alma: ALMA, options: StudioOptions = {}): ApiClient {
  const app = createStudioApp(alma, resolveStudioOptions(options), loadAssets(options.assetsDir ?? defaultAssetsDir()));
  const host = { host: '127.0.0.1:8780' };
  const get = (p: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(p, { headers: { ...host, ...headers } }));
  return {
    alma,
    app,
    get,
    json: async <T>(p: string) => {
      const res = await get(p);
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text) as T, text };
    },
    post: (p, body, headers = {}) =>
      Promise.resolve(app.request(p, {
        method: 'POST',
        headers: { ...host, 'content-type': 'application/json', 'x-alma-studio': '1', ...headers },
        body: JSON.stringify(body),
      })),
    close: () => alma.close(),
  };
}
