import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
// Inside the package so that `@alma/studio` resolves through the workspace, as it would for a user.
const dir = fs.mkdtempSync(path.join(PACKAGE_ROOT, '.readme-example-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('README', () => {
  it('the example runs and prints what its comments say', () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const script = path.join(dir, 'example.ts');
    fs.writeFileSync(script, code);
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 110_000,
    });
    expect({ status: run.status, error: run.error?.message, stderr: run.stderr }).toMatchObject({ status: 0 });
    const expected = [...code.matchAll(/^\/\/ (.*)$/gm)].map((m) => m[1]);
    expect(run.stdout.trim().split('\n')).toEqual(expected);
  }, 120_000);

  it('shows a screenshot of every view, and each file exists', () => {
    const shots = [...readme.matchAll(/\]\((docs\/[\w-]+\.png)\)/g)].map((m) => m[1] as string);
    expect(shots).toEqual(['docs/memories.png', 'docs/memory.png', 'docs/retrieval.png', 'docs/runs.png', 'docs/run.png', 'docs/timeline.png', 'docs/health.png', 'docs/large-state.png']);
    for (const shot of shots) expect(fs.statSync(path.join(PACKAGE_ROOT, shot)).size).toBeGreaterThan(10_000);
  });
});
