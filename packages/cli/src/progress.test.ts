import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, jest } from '@jest/globals';
import type { CliIo, RunningServer } from './io.js';
import { progressBar, progressText } from './progress.js';
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
    let clock = 1_000;
    const bar = progressBar(io, 'importing', 'bytes', 0, () => clock);
    bar.update({ done: 500, total: 2000, records: 3 });
    clock += 2_000;
    bar.update({ done: 2500, total: 2000, records: 9, skipped: 3 });
    bar.finish();
    await tick();
    expect(io.text()).toBe(
      '\r\x1b[2Kimporting [######------------------] 25% 500 B of 2.0 kB, 3 records' +
        '\r\x1b[2Kimporting [########################] 100% 2.5 kB of 2.0 kB, 9 records (6/s), 3 skipped\r\x1b[2K',
    );
    const slow = progressBar(io, 'x', 'records', 60_000);
    slow.update({ done: 1 });
    slow.update({ done: 2 });
    await tick();
    expect(io.text().endsWith('x 1 records')).toBe(true);
  });

  it('shows the rate and the time left once a second has passed', () => {
    expect(progressText('exporting', 'records', { done: 12_000 }, 1_500)).toBe('exporting 12,000 records (8,000/s)');
    expect(progressText('importing', 'bytes', { done: 250, total: 1000, records: 5_000 }, 2_000)).toBe(
      'importing [######------------------] 25% 250 B of 1.0 kB, 5,000 records (2,500/s), 6 s left',
    );
    expect(progressText('migrating', 'records', { done: 1, total: 3 }, 100)).toBe('migrating [########----------------] 33% 1 records');
  });

  it('follows stderr.isTTY by default and stays silent off a terminal', async () => {
    const tty = ioWith(undefined, true);
    progressBar(tty, 'exporting', 'records').update({ done: 1 });
    const pipe = ioWith(undefined, false);
    const bar = progressBar(pipe, 'exporting', 'records');
    bar.update({ done: 1 });
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
