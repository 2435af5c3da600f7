import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface Packed {
  readonly tarball: string;
  readonly files: string[];
}

/** `npm pack` of one package into `dest`; returns the tarball path and the packed file list. */
export function pack(dir: string, dest: string): Packed {
  mkdirSync(dest, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed nothing for ${dir}`);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path).sort() };
}

/**
 * Unpacks a tarball as `node_modules/<name>` of `consumerDir`, the way npm installs it. Where the workspace
 * package has its own nested `node_modules` (a dependency version that differs from the hoisted one), it is
 * linked in too, as npm would nest it in a real install.
 */
export function unpackInto(tarball: string, consumerDir: string, name: string, packageDir: string): string {
  const target = join(consumerDir, 'node_modules', ...name.split('/'));
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const nested = join(packageDir, 'node_modules');
  if (existsSync(nested)) symlinkSync(nested, join(target, 'node_modules'), 'dir');
  return target;
}
