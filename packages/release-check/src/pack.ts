import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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

/** Unpacks a tarball as `node_modules/<name>` of `consumerDir`, the way npm installs it. */
export function unpackInto(tarball: string, consumerDir: string, name: string): string {
  const target = join(consumerDir, 'node_modules', ...name.split('/'));
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  return target;
}
