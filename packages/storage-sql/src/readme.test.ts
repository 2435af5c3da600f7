import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

describe('README', () => {
  it('the example prints what its comments say', () => {
    const code = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))?.[1] as string;
    // Inside the package, so `@alma/storage-sql` resolves through the workspace as it would for a user.
    const dir = fs.mkdtempSync(path.join(ROOT, '.readme-example-'));
    try {
      fs.writeFileSync(path.join(dir, 'example.ts'), code);
      const stdout = execFileSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', 'example.ts'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      });
      expect(stdout.trim().split('\n')).toEqual([...code.matchAll(/^\/\/ (.*)$/gm)].map((m) => m[1]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
