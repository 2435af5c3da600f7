import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runCli, type CliIo, type CliResult, type RunningCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-mcp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const memoryConfig = file('memory.yaml', 'project_id: cli-test\nstorage:\n  adapter: sqlite\n  options: { path: ":memory:" }\n');

function io(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env: {}, out: () => out, err: () => err };
}

const running = (r: CliResult): RunningCli => {
  if (!('running' in r)) throw new Error(`expected a running server, got exit code ${r.exitCode}`);
  return r.running;
};

describe('runCli: startup problems are one line on stderr and exit code 2', () => {
  it('missing config', async () => {
    const t = io();
    expect(await runCli(['--config', join(dir, 'nope.yaml')], t)).toEqual({ exitCode: 2 });
    expect(t.err()).toMatch(/^alma-mcp: config file not found: .*nope\.yaml \(pass --config <path>\)\n$/);
    expect(t.out()).toBe('');
  });

  it('invalid config, unknown adapter, require_tenant without --tenant, bad tokens file', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--config', file('bad.yaml', 'project_id: x\nwhat: 1\n')], /invalid/],
      [['--config', file('adapter.yaml', 'storage: no-such-adapter-pkg\n')], /no-such-adapter-pkg/],
      [['--config', file('tenant.yaml', 'storage: sqlite\nrequire_tenant: true\n')], /require_tenant/],
      [['--config', memoryConfig, '--http', '--tokens-file', file('tokens.json', '["x"]')], /JSON object/],
      [['--config', memoryConfig, '--http', '--tokens-file', file('tokens2.json', '{"t": 1}')], /must be a string/],
      [['--config', memoryConfig, '--http', '--tokens-file', join(dir, 'missing.json')], /ENOENT/],
      [['--config', memoryConfig, '--http', '--host', '0.0.0.0', '--port', '0'], /refusing/],
    ];
    for (const [args, message] of cases) {
      const t = io();
      expect(await runCli(args, t)).toEqual({ exitCode: 2 });
      expect(t.err()).toMatch(message);
      expect(t.err().startsWith('alma-mcp: ')).toBe(true);
    }
  });

  it('usage errors exit 2, --help and --version exit 0', async () => {
    expect(await runCli(['--port', 'abc'], io())).toEqual({ exitCode: 2 });
    expect(await runCli(['--bogus'], io())).toEqual({ exitCode: 2 });
    expect(await runCli(['--tools', 'memory,telepathy'], io())).toEqual({ exitCode: 2 });
    const help = io();
    expect(await runCli(['--help'], help)).toEqual({ exitCode: 0 });
    expect(help.out()).toContain('--allow-admin');
    expect(await runCli(['--version'], io())).toEqual({ exitCode: 0 });
  });
});

describe('runCli: serving', () => {
  it('stdio: answers initialize on stdout and nothing else', async () => {
    const t = io();
    const cli = running(await runCli(['--config', memoryConfig, '--tenant', 'acme', '--tools', 'memory, graph'], t));
    expect(cli.mode).toBe('stdio');
    const reply = new Promise<string>((resolve) => (t.stdout as PassThrough).once('data', (c: Buffer) => resolve(c.toString())));
    (t.stdin as PassThrough).write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`,
    );
    const message = JSON.parse(await reply) as { id: number; result: { serverInfo: { name: string } } };
    expect(message).toMatchObject({ id: 1, result: { serverInfo: { name: 'alma' } } });
    expect(t.err()).toBe('');
    await cli.close();
    const warned = io();
    const other = running(await runCli(['--config', memoryConfig, '--token', 'abc'], warned));
    expect(warned.err()).toContain('--http only');
    await other.close();
  });

  it('http: token from ALMA_MCP_TOKEN or a tokens file; 401 without it', async () => {
    const t = { ...io(), env: { ALMA_MCP_TOKEN: 'env-token-123' } };
    const tokens = file('tokens-ok.json', JSON.stringify({ 'file-token-456': 'tenant-f', 'file-token-789': null }));
    const cli = running(await runCli(['--config', memoryConfig, '--http', '--port', '0', '--tokens-file', tokens], t));
    expect(cli.mode).toBe('http');
    expect(t.err()).toMatch(/^alma-mcp: listening on http:\/\/127\.0\.0\.1:\d+\/mcp \(bearer token required\)\n$/);
    const url = cli.url as URL;
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
    for (const token of ['env-token-123', 'file-token-456', 'file-token-789']) {
      expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
    }
    await cli.close();
  });
});
