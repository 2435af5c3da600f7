import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from './cli.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

const admin = adminClient();
const schema = uniqueSchema('cli');
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => dropSchemas(admin, [schema]),
    () => admin.end(),
  ));

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('alma-pg migrate', () => {
  it('status lists pending migrations, up applies them, a second up has nothing to do', async () => {
    const status = await cli(['migrate', 'status', '--url', PG_URL, '--schema', schema]);
    expect(status.code).toBe(0);
    expect(status.out[0]).toBe(`Schema: ${schema} @ ${PG_URL}`);
    expect(status.out.filter((l) => /^00\d .*pending$/.test(l))).toHaveLength(6);
    expect(status.out.at(-1)).toBe('Current version: none (latest 006), 6 pending.');
    const up = await cli(['migrate', 'up', '--url', PG_URL, '--schema', schema, '--dim', '8']);
    expect(up.code).toBe(0);
    expect(up.out).toEqual([
      'Applied 001 pgvector + baseline (ALMA v0.5 memory tables)',
      'Applied 002 workflow columns, exact types, scope and HNSW indexes on memory tables',
      'Applied 003 checkpoints, workflow outcomes, artifact links',
      'Applied 004 session handoffs, work items, graph',
      'Applied 005 run catalog',
      'Applied 006 lz4 state compression',
      `${schema} @ ${PG_URL} is now at version 006.`,
    ]);
    expect((await cli(['migrate', 'up', '--url', PG_URL, '--schema', schema, '--dim', '8'])).out).toEqual([
      `${schema} @ ${PG_URL} is up to date at version 006.`,
    ]);
    const json = await cli(['migrate', 'status', '--url', PG_URL, '--schema', schema, '--json']);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ schema, currentVersion: 6, pending: [] });
  });

  it('reports usage errors with exit code 2 and failures with exit code 1', async () => {
    expect((await cli(['--help'])).out.join('\n')).toContain('alma-pg migrate <status|up>');
    expect((await cli(['migrate', 'sideways'])).code).toBe(2);
    expect((await cli(['migrate', 'up', '--bogus'])).code).toBe(2);
    expect((await cli(['migrate', 'up', '--dim', 'x'])).err[0]).toContain('--dim must be an integer');
    const bad = await cli(['migrate', 'status', '--url', 'postgres://u:secret@127.0.0.1:1/test']);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/^alma-pg: \[postgres\] .*ECONNREFUSED/);
    expect(bad.err.join('\n')).not.toContain('secret');
    expect((await cli(['migrate', 'up', '--schema', 'no-such; name'])).err[0]).toContain('schema');
  });

  it('runs as a bin', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@alma/source', '--import', 'tsx', path.join(__dirname, 'bin', 'alma-pg.ts'), 'migrate', 'status', '--url', PG_URL, '--schema', schema],
      { cwd: path.resolve(__dirname, '..') },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Current version: 006 (latest 006), 0 pending.');
  }, 30_000);
});
