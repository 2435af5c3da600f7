import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CommanderError } from 'commander';
import { ValidationError } from '@alma/types';
import { ExitCodeError, oneLine, reportError, UsageError } from './errors.js';
import { formatBytes, table } from './format.js';
import { alma, tempDir, writeFile } from './test-support/run.js';
import { VERSION } from './version.js';

const { dir, cleanup } = tempDir('program');
afterAll(cleanup);

const stderr = () => {
  let text = '';
  return { stderr: { write: (s: string) => ((text += s), true) } as never, text: () => text };
};

describe('alma: help, version, usage errors', () => {
  it('--version matches package.json; --help lists every command', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(VERSION).toBe(pkg.version);
    expect(pkg.bin).toEqual({ alma: './dist/bin/alma.js' });
    expect(await alma(dir, ['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    const help = await alma(dir, ['--help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'migrate', 'stats', 'runs', 'retrieve', 'mcp', 'export', 'import']) expect(help.out).toContain(c);
    expect((await alma(dir, ['runs', 'list', '--help'])).out).toMatch(/--status <status>.*choices: "running"/s);
  });

  it('usage errors are one line and exit code 2', async () => {
    for (const args of [['--bogus'], ['stats', '--limit', '3'], ['runs', 'list', '--status', 'sleeping'], ['retrieve', 'task'], ['runs', 'list', '--limit', '0'], ['nope']]) {
      const r = await alma(dir, args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^alma: .+\n/);
      expect(r.err.split('\n')[0]).not.toMatch(/^alma: error:/);
    }
    const bare = await alma(dir, []);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('Usage: alma');
  });

  it('a missing or invalid config is one line, exit code 1; --verbose adds the stack', async () => {
    const missing = await alma(dir, ['stats']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`alma: config file not found: ${join(dir, '.alma/config.yaml')} (run \`alma init\` or pass --config <path>)\n`);
    writeFile(dir, 'bad.yaml', 'project_id: x\nwhat: 1\nretrieval: { default_top_k: 0 }\n');
    const bad = await alma(dir, ['stats', '--config', 'bad.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.err.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^alma: .*bad\.yaml is invalid: alma\.retrieval\.default_top_k: .*; alma: Unrecognized key.*'what'/);
    const verbose = await alma(dir, ['--verbose', 'stats', '--config', 'bad.yaml']);
    expect(verbose.err).toMatch(/^alma: .*\n.*ConfigError.*\n\s+at /s);
    expect(verbose.err).toContain('caused by:');
  });
});

describe('error helpers', () => {
  it('reportError maps errors to exit codes', () => {
    const s = stderr();
    expect(reportError(s, new CommanderError(0, 'commander.helpDisplayed', ''), false)).toBe(0);
    expect(reportError(s, new CommanderError(1, 'commander.unknownOption', ''), false)).toBe(2);
    expect(reportError(s, new ExitCodeError(3), false)).toBe(3);
    expect(reportError(s, new UsageError('use it right'), false)).toBe(2);
    expect(reportError(s, new ValidationError('Invalid x: y'), false)).toBe(1);
    expect(reportError(s, 'plain string', false)).toBe(1);
    expect(reportError(s, new Error(''), false)).toBe(1);
    expect(s.text()).toBe('alma: use it right\nalma: Invalid x: y\nalma: plain string\nalma: unknown error\n');
    expect(oneLine('a:\n  b\n\n  c')).toBe('a: b; c');
  });

  it('formats bytes and tables', () => {
    expect([0, 999, 1000, 1_234_567, 5e15].map(formatBytes)).toEqual(['0 B', '999 B', '1.0 kB', '1.2 MB', '5000.0 TB']);
    expect(table([['A', 'BB'], ['ccc', 'd']])).toBe('A    BB\nccc  d');
  });
});
