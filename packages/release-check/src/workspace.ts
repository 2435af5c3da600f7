import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly dir: string;
  readonly manifest: {
    name: string;
    private?: boolean;
    bin?: Record<string, string>;
    exports?: Record<string, Record<string, string> | string>;
  };
}

/** Every publishable (non-private) package under packages/. */
export function publicPackages(root: string): PackageInfo[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((d) => join(packagesDir, d))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageInfo['manifest'] }))
    .filter((p) => !p.manifest.private)
    .map((p) => ({ ...p, name: p.manifest.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Files a published tarball may contain. */
export function isAllowedPackedFile(path: string): boolean {
  return path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(path);
}

/** The files an exports map promises to consumers (the private '@alma/source' condition excluded). */
export function exportedFiles(manifest: PackageInfo['manifest']): string[] {
  const files: string[] = [];
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === 'string') {
      if (!target.endsWith('package.json')) files.push(target);
      continue;
    }
    for (const [condition, file] of Object.entries(target)) if (condition !== '@alma/source') files.push(file);
  }
  for (const bin of Object.values(manifest.bin ?? {})) files.push(bin);
  return files.map((f) => f.replace(/^\.\//, ''));
}
