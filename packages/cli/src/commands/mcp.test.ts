import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../io.js';
import { runAlma } from '../program.js';
import { alma, tempDir, writeConfig } from '../test-support/run.js';

const { dir, cleanup } = tempDir('mcp');
afterAll(cleanup);
writeConfig(dir, '.alma/config.yaml', { adapter: 'sqlite', options: { path: ':memory:' } });

const initialize = `${JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
})}\n`;

describe('alma mcp', () => {
  it('serves MCP over stdio with the same config until the server is closed', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let modes: string[] = [];
    const code = await runAlma(['mcp', '--tenant', 'acme', '--tools', 'memory'], {
      stdin, stdout, stderr, env: {}, cwd: dir,
      serve: async (running: RunningServer) => {
        modes = [running.mode];
        const reply = new Promise<string>((resolve) => stdout.once('data', (c: Buffer) => resolve(c.toString())));
        stdin.write(initialize);
        const message = JSON.parse(await reply) as { id: number; result: { serverInfo: { name: string } } };
        expect(message).toMatchObject({ id: 1, result: { serverInfo: { name: 'alma' } } });
        await running.close();
      },
    });
    expect(code).toBe(0);
    expect(modes).toEqual(['stdio']);
  });

  it('HTTP mode says where it listens, as alma:', async () => {
    let err = '';
    const stderr = new PassThrough().on('data', (c: Buffer) => (err += c.toString()));
    const code = await runAlma(['mcp', '--http', '--port', '0'], {
      stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: dir,
      serve: async (running) => {
        const health = await fetch(new URL('/health', running.url));
        expect(health.status).toBe(200);
        await running.close();
      },
    });
    expect(code).toBe(0);
    expect(err).toMatch(/^alma: listening on http:\/\/127\.0\.0\.1:\d+\/mcp\n/);
  });

  it('config problems exit 1 as alma:, bad server options exit 2, --help is the server help', async () => {
    const missing = await alma(dir, ['mcp', '-c', 'nope.yaml']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/^alma: config file not found: .*nope\.yaml/) });
    const badPort = await alma(dir, ['mcp', '--port', 'abc']);
    expect(badPort.code).toBe(2);
    expect(badPort.err).toMatch(/^alma: option '--port <port>' argument 'abc' is invalid/);
    const refused = await alma(dir, ['mcp', '--http', '--host', '0.0.0.0', '--port', '0']);
    expect(refused).toMatchObject({ code: 2, err: expect.stringMatching(/^alma: .*refusing/) });
    const help = await alma(dir, ['mcp', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--allow-admin');
  });
});

describe('loadMcp', () => {
  it('says what to install when @alma/mcp is missing or too old', async () => {
    const { loadMcp } = await import('./mcp.js');
    await expect(loadMcp(() => Promise.reject(new Error('Cannot find package')))).rejects.toThrow(
      'alma mcp needs the package @alma/mcp (Cannot find package): run `npm install @alma/mcp`',
    );
    await expect(loadMcp(() => Promise.resolve({}))).rejects.toThrow('@alma/mcp does not export runCli(); upgrade it');
  });
});
