import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allReadmePrograms, programFile, readmePrograms, type ReadmeProgram } from './readme-blocks.js';

// Every ```ts block of every README is type-checked with `tsc --strict` and run with plain Node + tsx, so a README
// cannot drift from the code again. Programs live in a directory inside examples/ so that @alma/* resolve through the
// workspace as they do for a user (to their sources, through the @alma/source condition: no build needed).
const root = join(__dirname, '..', '..');
const programs = allReadmePrograms(root);
const PG_URL = process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * READMEs whose blocks their own package's test already runs with what it needs (a unique PostgreSQL schema, checks
 * of every printed line): here they are type-checked only, not run twice.
 */
const RUN_BY_OWN_TEST: Record<string, string> = {
  'packages/storage-pg/README.md': 'packages/storage-pg/src/readme.test.ts',
  'packages/storage-sqlite/README.md': 'packages/storage-sqlite/src/readme.test.ts',
  'packages/storage-sql/README.md': 'packages/storage-sql/src/readme.test.ts',
};

/** Each README program gets its own directory (its files: alma.db, .alma/config.yaml ...). */
let work: string;
beforeAll(() => {
  mkdirSync(join(__dirname, '..', '.readme-blocks'), { recursive: true });
  work = mkdtempSync(join(__dirname, '..', '.readme-blocks', 'run-'));
  for (const p of programs) writeFileSync(join(work, programFile(p)), p.code);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('README code blocks', () => {
  it('are found in the READMEs, and only a few with a reason are not run', () => {
    expect(programs.length).toBeGreaterThanOrEqual(15);
    const notRun = programs.filter((p) => !p.run);
    expect(notRun.every((p) => (p.reason ?? '').length > 10)).toBe(true);
    expect(notRun.length).toBeLessThanOrEqual(5);
    for (const [readme, test] of Object.entries(RUN_BY_OWN_TEST)) {
      expect(programs.some((p) => p.readme === readme)).toBe(true);
      expect(existsSync(join(root, test))).toBe(true);
    }
  });

  it('compile with tsc --strict', () => {
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          customConditions: ['@alma/source'],
        },
        files: programs.map(programFile),
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(`${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => l.includes('error TS'))).toEqual([]);
    expect(tsc.status).toBe(0);
  }, 320_000);

  const runnable = programs.filter((p) => p.run && !(p.readme in RUN_BY_OWN_TEST));
  it.each(runnable.map((p) => [`${p.readme}:${p.line}`, p] as const))('%s runs', (_name, p: ReadmeProgram) => {
    const dir = join(work, programFile(p).replace(/\.ts$/, ''));
    mkdirSync(join(dir, '.alma'), { recursive: true });
    // For blocks that start from a config file, as `alma init` writes one.
    writeFileSync(join(dir, '.alma', 'config.yaml'), 'project_id: readme\nstorage:\n  adapter: sqlite\n  options:\n    path: .alma/alma.db\n');
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', join(work, programFile(p))], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ALMA_PG_URL: PG_URL, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  }, 70_000);
});

describe('readmePrograms', () => {
  it('joins continued blocks, keeps compile-only reasons, and refuses unknown flags or a missing reason', () => {
    const text = ['# x', '```ts', 'const a = 1;', '```', 'prose', '```ts continued', 'console.log(a);', '```', '<!-- compile-only: needs a cloud account -->', '```ts compile-only', 'cloud();', '```', '```sh', 'ls', '```'].join('\n');
    expect(readmePrograms('R.md', text)).toEqual([
      { readme: 'R.md', line: 2, code: 'const a = 1;\nconsole.log(a);', run: true },
      { readme: 'R.md', line: 10, code: 'cloud();', run: false, reason: 'needs a cloud account' },
    ]);
    expect(() => readmePrograms('R.md', '```ts skip\nx\n```')).toThrow(/unknown code block flag skip/);
    expect(() => readmePrograms('R.md', '```ts compile-only\nx\n```')).toThrow(/needs <!-- compile-only: reason -->/);
    expect(() => readmePrograms('R.md', '```ts continued\nx\n```')).toThrow(/needs a block before it/);
    expect(() => readmePrograms('R.md', '```ts\nx\n')).toThrow(/not closed/);
  });
});
