import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A built file served from memory. */
export interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
  /** Vite names files under assets/ by content hash: they may be cached forever. */
  readonly immutable: boolean;
}

export interface Assets {
  /** index.html, into which each page's boot data is put. */
  readonly indexHtml: string;
  /** By URL path, e.g. '/assets/index-3f2a.js'. */
  readonly files: ReadonlyMap<string, Asset>;
  /** False when the page was never built (a source checkout without `npm run build`). */
  readonly built: boolean;
  readonly dir: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The built page: <package>/dist/ui, from the compiled server (dist/server) and from the sources (src/server) alike. */
export function defaultAssetsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'ui');
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Why the pages cannot be shown when the built page is missing (the API still answers). */
export const notBuilt = (dir: string): string => `alma studio's page is not built (no ${join(dir, 'index.html')}): run \`npm run build -w @alma/studio\`.`;

/** An index.html for when the built one is missing: it says so (a published package always has it). */
const BARE_INDEX = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>alma studio</title></head><body><div id="app"><!--alma-fallback--></div><!--alma-boot--></body></html>';

/**
 * Reads the built page once, at start: only these files are ever served (no path from a URL touches the disk), and
 * nothing is fetched from anywhere at run time. Without a build, `built` is false and every page says how to build it.
 */
export function loadAssets(dir: string): Assets {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return { indexHtml: BARE_INDEX, files: new Map(), built: false, dir };
  const files = new Map<string, Asset>();
  for (const path of walk(dir)) {
    const type = TYPES[extname(path)];
    if (!type || path === index) continue;
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    files.set(url, { body: Uint8Array.from(readFileSync(path)), type, immutable: url.startsWith('/assets/') });
  }
  return { indexHtml: readFileSync(index, 'utf8'), files, built: true, dir };
}
