import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, jest } from '@jest/globals';
import type { CliIo, RunningServer } from './io.js';
import { progressBar } from './progress.js';
import { serveUntilShutdown } from './serve.js';

const ioWith = (progress: boolean | undefined, isTTY = false): CliIo & { text: () => string } => {
  let text = '';
  const stderr = Object.assign(new PassThrough(), { isTTY });
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: '/', ...(progress === undefined ? {} : { progress }), text: () => text };
};
const tick = () => new Promise((r) => setImmediate(r));

describe('progressBar', () => {
  it('draws a bar with a total, throttled, and clears the line', async () => {
    const io = ioWith(true);
    const bar = progressBar(io, 'importing', 'bytes', 0);
    bar.update(500, 2000, 3);
    bar.update(2500, 2000, 9);
    bar.finish();
    await tick();
    expect(io.text()).toBe(
      '\r\x1b[2Kimporting [######------------------] 25% 500 B, 3 records' +
        '\r\x1b[2Kimporting [########################] 100% 2.5 kB, 9 records\r\x1b[2K',
    );
    const slow = progressBar(io, 'x', 'records', 60_000);
    slow.update(1);
    slow.update(2);
    await tick();
    expect(io.text().endsWith('x 1 records')).toBe(true);
  });

  it('follows stderr.isTTY by default and stays silent off a terminal', async () => {
    const tty = ioWith(undefined, true);
    progressBar(tty, 'exporting', 'records').update(1);
    const pipe = ioWith(undefined, false);
    const bar = progressBar(pipe, 'exporting', 'records');
    bar.update(1);
    bar.finish();
    await tick();
    expect(tty.text()).toContain('exporting 1 records');
    expect(pipe.text()).toBe('');
  });
});

describe('serveUntilShutdown', () => {
  const running = (mode: 'stdio' | 'http') => {
    const close = jest.fn(() => Promise.resolve());
    return { running: { mode, close } as RunningServer, close };
  };

  it('stdio: closes when stdin ends, once', async () => {
    const { running: r, close } = running('stdio');
    const stdin = new PassThrough();
    const signals = new EventEmitter();
    const done = serveUntilShutdown(r, stdin, signals);
    stdin.emit('end');
    signals.emit('SIGINT');
    await done;
    expect(close).toHaveBeenCalledTimes(1);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('http: closes on SIGTERM, not on the end of stdin', async () => {
    const { running: r, close } = running('http');
    const stdin = new PassThrough();
    const signals = new EventEmitter();
    const done = serveUntilShutdown(r, stdin, signals);
    stdin.emit('end');
    await tick();
    expect(close).not.toHaveBeenCalled();
    signals.emit('SIGTERM');
    await done;
    expect(close).toHaveBeenCalledTimes(1);
  });
});
