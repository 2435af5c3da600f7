import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack, unpackInto, type Packed } from './pack.js';
import { exportedFiles, isAllowedPackedFile, publicPackages } from './workspace.js';

// Packs every public package (built by the test target's ^build dependency), unpacks the tarballs into a consumer
// directory the way npm installs them, and imports each one there with plain Node (no source condition) and with
// tsc (NodeNext). The consumer lives inside the repository so third-party dependencies resolve from its
// node_modules, while @alma/* resolve to the unpacked tarballs, which are closer.
const root = join(__dirname, '..', '..', '..');
const packages = publicPackages(root);
let work: string;
const packed = new Map<string, Packed>();

beforeAll(() => {
  work = mkdtempSync(join(__dirname, '..', '.tmp-'));
  for (const p of packages) {
    const result = pack(p.dir, join(work, 'tarballs'));
    packed.set(p.name, result);
    unpackInto(result.tarball, join(work, 'consumer'), p.name, p.dir);
  }
  writeFileSync(join(work, 'consumer', 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('release', () => {
  it('has every public package', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@alma/types', '@alma/core', '@alma/storage-sqlite', '@alma/mcp']));
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s packs only dist/, README, LICENSE and package.json', (name, p) => {
    const { files } = packed.get(name) as Packed;
    expect(files.filter((f) => !isAllowedPackedFile(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    expect(files.some((f) => f.endsWith('.test.js') || f.includes('test-support'))).toBe(false);
    for (const file of exportedFiles(p.manifest)) expect(files).toContain(file);
  });

  it.each(packages.map((p) => [p.name] as const))('%s imports from its tarball as ESM', (name) => {
    const script = `const m = await import(${JSON.stringify(name)}); if (Object.keys(m).length === 0) process.exit(3);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(work, 'consumer'),
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('type-checks a consumer importing every package (NodeNext, declarations from the tarballs)', () => {
    const consumer = join(work, 'consumer');
    const imports = packages.map((p, i) => `import * as m${i} from '${p.name}';`).join('\n');
    writeFileSync(join(consumer, 'index.ts'), `${imports}\nexport const all = [${packages.map((_, i) => `m${i}`).join(', ')}];\n`);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        // skipLibCheck as consumers use it: third-party .d.ts are not ours to check; a missing or broken
        // declaration of ours still fails (strict: a module without types is an implicit-any error).
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
        files: ['index.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(existsSync(tsc)).toBe(true);
    const out = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(out).toBe('');
  }, 120_000);
});
