import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importEveryEntry, typeCheck } from './consumer.js';
import { installFresh, pack, packedManifest, type FreshInstall, type Packed } from './pack.js';
import { internalVersionProblems } from './versions.js';
import { entryPoints, exportedFiles, exportsProblems, isAllowedPackedFile, publicPackages, workspacePackages, type Manifest } from './workspace.js';

// Packs every public package (built by the test target's ^build dependency) and installs all tarballs into a new
// npm project in the temp directory, the way a user installs them: nothing resolves from the repository. There each
// entry point is imported with plain Node both ways (import and require), and a consumer is type-checked under
// `tsc --strict` with `skipLibCheck: false`.
const root = join(__dirname, '..', '..', '..');
const packages = publicPackages(root);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const rootEngines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest).engines;

/**
 * Entry points whose declarations name drizzle-orm types (the SQL helpers the adapters share, and the adapters'
 * drizzle schemas). drizzle-orm 0.45's own declarations do not compile with `skipLibCheck: false` under TypeScript 6
 * (and name `mysql2`, an optional peer of it); those errors are drizzle's. The adapters' main entry points must not
 * reach them, which the strict check below proves.
 */
const DRIZZLE_TYPED = new Set(['@alma/storage-sql', '@alma/storage-sqlite/schema', '@alma/storage-pg/schema']);

const entries = packages.flatMap((p) => entryPoints(p.manifest));
const strictEntries = entries.filter((e) => !DRIZZLE_TYPED.has(e));

let work: string;
let fresh: FreshInstall;
const packed = new Map<string, Packed>();
const manifestsBefore = new Map<string, string>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'alma-release-'));
  for (const p of packages) {
    manifestsBefore.set(p.name, readFileSync(join(p.dir, 'package.json'), 'utf8'));
    packed.set(p.name, pack(p.dir, join(work, 'tarballs')));
  }
  fresh = installFresh(
    join(work, 'project'),
    [...packed.values()].map((p) => p.tarball),
    [`@types/node@${(JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as Manifest).version}`],
    { 'better-sqlite3': join(root, 'node_modules', 'better-sqlite3') },
  );
}, 420_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs a script with plain Node in the fresh project (no source condition, no tsx). */
function nodeIn(dir: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  // nx sets FORCE_COLOR, which makes console.log colour numbers.
  const env = { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' };
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

describe('release set', () => {
  it('has every public package', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@alma/types', '@alma/core', '@alma/storage-sqlite', '@alma/mcp']));
  });

  it('is consistent: every internal dependency is a published package whose workspace version satisfies the range', () => {
    expect(internalVersionProblems(packages, workspacePackages(root))).toEqual([]);
  });

  it('installs together in a fresh project, every @alma package from its own tarball', () => {
    const lock = JSON.parse(readFileSync(join(fresh.dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string }>;
    };
    for (const p of packages) {
      const entry = lock.packages[`node_modules/${p.name}`];
      expect({ name: p.name, version: entry?.version, resolved: entry?.resolved?.startsWith('file:') }).toEqual({
        name: p.name,
        version: p.manifest.version,
        resolved: true,
      });
    }
    const nested = Object.keys(lock.packages).filter((key) => /node_modules\/@alma\/.*node_modules\/@alma\//.test(key));
    expect(nested).toEqual([]);
  });
});

describe.each(packages.map((p) => [p.name, p] as const))('%s', (name, p) => {
  it('packs only dist/, README, LICENSE and package.json, with every exported file', () => {
    const { files } = packed.get(name) as Packed;
    expect(files.filter((f) => !isAllowedPackedFile(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    expect(files.some((f) => f.endsWith('.test.js') || f.includes('test-support'))).toBe(false);
    for (const file of exportedFiles(p.manifest)) expect(files).toContain(file);
  });

  it('publishes a manifest without the source condition, types first, default last, with the root engines', () => {
    const manifest = packedManifest((packed.get(name) as Packed).tarball) as unknown as Manifest;
    expect(exportsProblems(manifest)).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('@alma/source');
    expect(manifest.engines).toEqual(rootEngines);
    // The source condition stays in the repository: packing put the original manifest back.
    expect(readFileSync(join(p.dir, 'package.json'), 'utf8')).toBe(manifestsBefore.get(name));
    expect(existsSync(join(p.dir, '.package.json.prepack'))).toBe(false);
  });

  it.each(entryPoints(p.manifest).map((e) => [e] as const))('%s imports as ESM and loads with require()', (entry) => {
    const esm = nodeIn(fresh.dir, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); if (Object.keys(m).length === 0) process.exit(3);`]);
    expect(esm.stderr).toBe('');
    expect(esm.status).toBe(0);
    const cjs = nodeIn(fresh.dir, ['--input-type=commonjs', '-e', `const m = require(${JSON.stringify(entry)}); if (Object.keys(m).length === 0) process.exit(3);`]);
    expect(cjs.stderr).toBe('');
    expect(cjs.status).toBe(0);
  });
});

describe('a consumer in the fresh project', () => {
  it('runs ALMA on SQLite through require() and import alike', () => {
    const program = (load: (specifier: string) => string) => `
      const { ALMA } = ${load('@alma/core')};
      const { SqliteStorage } = ${load('@alma/storage-sqlite')};
      const alma = new ALMA({ storage: new SqliteStorage({ path: ':memory:' }), projectId: 'release' });
      const ctx = { tenantId: 'acme' };
      await alma.learn({ agent: 'tester', task: 'Test the checkout API', outcome: 'success', strategyUsed: 'idempotency keys', context: ctx });
      const slice = await alma.retrieve({ task: 'Test the checkout API', agent: 'tester', context: ctx });
      console.log(slice.outcomes.length);
      await alma.close();`;
    const cjsProgram = program((s) => `require('${s}')`);
    const cjs = nodeIn(fresh.dir, ['--input-type=commonjs', '-e', `(async () => { ${cjsProgram} })().catch((e) => { console.error(e); process.exit(1); });`]);
    expect(cjs).toEqual({ status: 0, stderr: '', stdout: '1\n' });
    const esm = nodeIn(fresh.dir, ['--input-type=module', '-e', program((s) => `(await import('${s}'))`)]);
    expect(esm).toEqual({ status: 0, stderr: '', stdout: '1\n' });
  });

  it('type-checks every entry point from ESM and CommonJS under --strict with skipLibCheck: false', () => {
    expect(existsSync(tsc)).toBe(true);
    const diagnostics = typeCheck(fresh.dir, tsc, {
      'esm.ts': importEveryEntry(strictEntries, (names) => `export const all = [${names}];`),
      'cjs.cts': importEveryEntry(strictEntries, (names) => `const all = [${names}];\nexport = all;`),
    });
    expect(diagnostics.map((d) => d.text)).toEqual([]);
  }, 240_000);

  it('type-checks the drizzle-typed entry points with errors only inside drizzle-orm itself', () => {
    const diagnostics = typeCheck(fresh.dir, tsc, {
      'drizzle.ts': importEveryEntry([...DRIZZLE_TYPED], (names) => `export const all = [${names}];`),
    });
    expect(diagnostics.filter((d) => !d.file.startsWith('node_modules/drizzle-orm/')).map((d) => d.text)).toEqual([]);
  }, 240_000);
});
