import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Packed {
  readonly tarball: string;
  readonly files: string[];
}

/**
 * `npm pack` of one package into `dest` (its prepack / postpack scripts included, which take the source condition
 * out of the packed manifest); returns the tarball path and the packed file list.
 */
export function pack(dir: string, dest: string): Packed {
  mkdirSync(dest, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed nothing for ${dir}`);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path).sort() };
}

/** The manifest inside a tarball, as npm would install it. */
export function packedManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
}

export interface FreshInstall {
  /** The project directory. */
  readonly dir: string;
  /** `npm install`'s output, for a failure message. */
  readonly log: string;
}

/**
 * A new npm project in `dir` with every tarball installed the way a user installs them: `npm install <tarballs>`,
 * third-party dependencies resolved by npm (from its cache when it has them, the registry otherwise), nothing from
 * the repository's node_modules. Install scripts are skipped so native modules are not compiled again; `natives`
 * names packages whose compiled `build/` directory is copied from the repository instead (same version pinned).
 */
export function installFresh(dir: string, tarballs: readonly string[], extra: readonly string[], natives: Record<string, string>): FreshInstall {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fresh-consumer', version: '1.0.0', private: true, type: 'module' }));
  const pinned = Object.entries(natives).map(([name, from]) => `${name}@${(JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { version: string }).version}`);
  const log = execFileSync(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--fetch-retries=1', ...tarballs, ...extra, ...pinned],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 },
  );
  for (const [name, from] of Object.entries(natives)) {
    const build = join(from, 'build');
    if (existsSync(build)) cpSync(build, join(dir, 'node_modules', name, 'build'), { recursive: true });
  }
  return { dir, log };
}
