import type { ALMA } from '@alma/core';
import type { ResolvedStudioOptions } from '../options.js';
import type { Binding } from './binding.js';
import type { MemoryLister } from './memories/list.js';

/** What every route reads: the facade, the options, who the server is bound to, the memory lister (with its scans). */
export interface StudioContext {
  readonly alma: ALMA;
  readonly options: ResolvedStudioOptions;
  readonly binding: Binding;
  readonly lister: MemoryLister;
}

/** JSON with the status said; Dates become ISO strings. */
export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
