import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
// Inside the package so that `@alma/storage-pg` resolves through the workspace, as it would for a user.
const dir = fs.mkdtempSync(path.join(PACKAGE_ROOT, '.readme-example-'));
const admin = adminClient();
const schema = uniqueSchema('readme');
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => fs.rmSync(dir, { recursive: true, force: true }),
    () => dropSchemas(admin, [schema]),
    () => admin.end(),
  ));

describe('README', () => {
  it('the example runs and prints what its comments say', () => {
    const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const code = (/```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string).replace("schema: 'alma_example'", `schema: '${schema}'`);
    expect(code).toContain(schema);
    const script = path.join(dir, 'example.ts');
    fs.writeFileSync(script, code);
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script], {
      cwd: dir,
      encoding: 'utf8',
      // nx sets FORCE_COLOR, which makes console.log colour numbers.
      env: { ...process.env, ALMA_PG_URL: PG_URL, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect({ status: run.status, error: run.error?.message, stderr: run.stderr }).toMatchObject({ status: 0 });
    // Trailing comments (not whole-line ones) say what the line prints.
    const expected = [...code.matchAll(/^(?!\s*\/\/).*\/\/ (.*)$/gm)].map((m) => m[1]);
    expect(run.stdout.trim().split('\n')).toEqual(expected);
  }, 70_000);
});
