import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { runBin } from './test-support/bin.js';
import { tempDir } from './test-support/run.js';

// End to end: the real bin as a child process in a fresh directory.
jest.setTimeout(180_000);
const { dir, cleanup } = tempDir('bin');
afterAll(cleanup);

describe('the alma bin', () => {
  it('init -> migrate up -> stats -> runs list -> retrieve -> export -> import, with exit codes', async () => {
    const init = await runBin(dir, ['init']);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dir, '.alma/config.yaml'))).toBe(true);

    const up = await runBin(dir, ['migrate', 'up']);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/\(up to date\)/);
    expect(existsSync(join(dir, '.alma/alma.db'))).toBe(true);

    const stats = await runBin(dir, ['stats', '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ totalMemories: 0, adapter: 'sqlite' });
    expect((await runBin(dir, ['runs', 'list'])).stdout).toBe('No runs.\n');
    expect(await runBin(dir, ['retrieve', 'test the form', '--agent', 'helper'])).toMatchObject({
      code: 0, stdout: '', stderr: expect.stringMatching(/^alma: agent 'helper' has no memories in project '[^']+', in any tenant \(agents in the config: helper\); check --agent, or learn something first\.\n$/),
    });

    const exported = await runBin(dir, ['export']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout.split('\n')[0] as string)).toMatchObject({ alma_export: 1, source: 'sqlite' });
    expect(exported.stderr).toBe('Exported 0 records.\n'); // stderr is a pipe here: no progress bar
    expect(await runBin(dir, ['import', '-'], exported.stdout)).toMatchObject({ code: 0, stdout: 'Imported 0 records.\n' });

    const failed = await runBin(dir, ['runs', 'show', 'nope']);
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: "alma: run 'nope' was not found (or is outside the caller's scope).\n" });
    expect((await runBin(dir, ['runs', 'show'])).code).toBe(2);
  });
});
