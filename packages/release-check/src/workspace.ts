import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The condition that points sibling packages at their sources in development; never in a published manifest. */
export const SOURCE_CONDITION = '@alma/source';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
  exports?: Record<string, Record<string, string> | string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

export interface PackageInfo {
  readonly name: string;
  readonly dir: string;
  readonly manifest: Manifest;
}

/** Every package under packages/, private ones included, by name. */
export function workspacePackages(root: string): PackageInfo[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((d) => join(packagesDir, d))
    .filter((dir) => {
      try {
        readFileSync(join(dir, 'package.json'));
        return true;
      } catch {
        return false;
      }
    })
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .map((p) => ({ ...p, name: p.manifest.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every publishable (non-private) package under packages/. */
export function publicPackages(root: string): PackageInfo[] {
  return workspacePackages(root).filter((p) => !p.manifest.private);
}

/** Files a published tarball may contain. */
export function isAllowedPackedFile(path: string): boolean {
  return path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(path);
}

/** The files an exports map promises to consumers (the development-only source condition excluded). */
export function exportedFiles(manifest: Manifest): string[] {
  const files: string[] = [];
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === 'string') {
      if (!target.endsWith('package.json')) files.push(target);
      continue;
    }
    for (const [condition, file] of Object.entries(target)) if (condition !== SOURCE_CONDITION) files.push(file);
  }
  for (const bin of Object.values(manifest.bin ?? {})) files.push(bin);
  return files.map((f) => f.replace(/^\.\//, ''));
}

/** The import specifiers of a package's code entry points: `@alma/x`, `@alma/x/sub` (package.json left out). */
export function entryPoints(manifest: Manifest): string[] {
  return Object.keys(manifest.exports ?? { '.': '' })
    .filter((key) => !key.endsWith('package.json'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.replace(/^\.\//, '')}`));
}

/**
 * What is wrong with the exports map of a published manifest: the source condition still in it, an entry without
 * `types` first (TypeScript takes the first matching condition) or without `default` (what both `import` and
 * `require()` resolve to; this ESM-only package is loaded by `require()` on Node versions with require(esm)).
 */
export function exportsProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target === 'string') continue;
    const conditions = Object.keys(target);
    if (conditions.includes(SOURCE_CONDITION)) problems.push(`${key}: has the development-only '${SOURCE_CONDITION}' condition`);
    if (conditions[0] !== 'types') problems.push(`${key}: 'types' is not the first condition (${conditions.join(', ')})`);
    if (conditions[conditions.length - 1] !== 'default') problems.push(`${key}: no 'default' condition last`);
  }
  if (!manifest.exports) problems.push('no exports map');
  return problems;
}
