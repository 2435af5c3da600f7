import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const BIN = path.join(__dirname, 'bin', 'alma-sqlite.ts');

function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', BIN, ...args], {
    cwd: path.resolve(__dirname, '..'),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('alma-sqlite bin (spawned with tsx)', () => {
  it('migrate up, then status --json, then a missing file fails with one line', async () => {
    const db = path.join(dir, 'bin.db');
    const up = await runBin(['migrate', 'up', '--db', db]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Applied 006 run catalog, checkpoint encoding');
    const status = await runBin(['migrate', 'status', '--db', db, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ currentVersion: 6, latestVersion: 6, pending: [] });
    const missing = await runBin(['migrate', 'status', '--db', path.join(dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^alma-sqlite: \[sqlite\] Database file '.*nope\.db' does not exist\./);
  }, 60_000);
});

describe('runCli', () => {
  it('prints a status table before and after `up`', async () => {
    const db = path.join(dir, 'table.db');
    fs.writeFileSync(db, '');
    const before = await cli(['migrate', 'status', '--db', db]);
    expect(before.code).toBe(0);
    expect(before.out.join('\n')).toMatch(/000\s+baseline.*pending/);
    expect(before.out.at(-1)).toBe('Current version: none (latest 006), 7 pending.');
    expect((await cli(['migrate', 'up', '--db', db])).out.at(-1)).toBe(`${db} is now at version 006.`);
    expect((await cli(['migrate', 'up', '--db', db])).out).toEqual([`${db} is up to date at version 006.`]);
    const after = await cli(['migrate', 'status', '--db', db]);
    expect(after.out.join('\n')).toMatch(/006\s+run catalog, checkpoint encoding\s+applied\s+\d{4}-/);
    const json = await cli(['migrate', 'up', '--db', db, '--json']);
    expect(JSON.parse(json.out.join('\n'))).toEqual({ applied: [], currentVersion: 6 });
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await cli(['migrate', 'down', '--db', 'x'])).code).toBe(2);
    expect((await cli(['migrate', 'up'])).err).toEqual(['alma-sqlite: --db <path> is required.']);
    const unknown = await cli(['migrate', 'up', '--db', 'x', '--force']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/^alma-sqlite: unknown option '--force'/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toBe('Usage: alma-sqlite [options] [command]');
    expect(help.out.join(' ')).toMatch(/alma-sqlite migrate <status\|up>\s+--db <path>/);
  });

  it('reports a database it cannot open in one line with exit code 1', async () => {
    const result = await cli(['migrate', 'up', '--db', path.join(dir, 'no-such-dir', 'x.db')]);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^alma-sqlite: \[sqlite\] Opening SQLite database .* failed: /);
  });
});
