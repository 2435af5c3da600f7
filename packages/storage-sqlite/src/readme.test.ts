import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
// Inside the package so that `@alma/storage-sqlite` resolves through the workspace, as it would for a user.
const dir = fs.mkdtempSync(path.join(PACKAGE_ROOT, '.readme-example-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('README', () => {
  it('the example runs and prints what its comments say', () => {
    const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const script = path.join(dir, 'example.ts');
    fs.writeFileSync(script, code);
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script], {
      cwd: dir,
      encoding: 'utf8',
      // nx sets FORCE_COLOR, which makes console.log colour numbers.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 110_000,
    });
    expect({ status: run.status, error: run.error?.message, stderr: run.stderr }).toMatchObject({ status: 0 });
    const expected = [...code.matchAll(/\/\/ (.*)$/gm)].map((m) => m[1]);
    expect(run.stdout.trim().split('\n')).toEqual(expected);
    expect(fs.existsSync(path.join(dir, 'alma.db'))).toBe(true);
  }, 120_000);
});
