import { progressEnabled, type CliIo } from './io.js';
import { formatBytes } from './format.js';

export interface Progress {
  /** `done` so far; with `total`, as a bar and a percentage. */
  update(done: number, total?: number, records?: number): void;
  /** Clears the line. */
  finish(): void;
}

const WIDTH = 24;
const NOOP: Progress = { update: () => undefined, finish: () => undefined };

/**
 * A one-line progress indicator on stderr, redrawn at most every `intervalMs`, only when stderr is a terminal, so
 * pipes and log files never see control characters.
 */
export function progressBar(io: CliIo, label: string, unit: 'records' | 'bytes', intervalMs = 100): Progress {
  if (!progressEnabled(io)) return NOOP;
  let last = 0;
  let drawn = false;
  const draw = (done: number, total?: number, records?: number): void => {
    const amount = unit === 'bytes' ? formatBytes(done) : `${done.toLocaleString('en-US')} records`;
    const count = records !== undefined ? `, ${records.toLocaleString('en-US')} records` : '';
    let text = `${label} ${amount}${count}`;
    if (total !== undefined && total > 0) {
      const ratio = Math.min(done / total, 1);
      const filled = Math.round(ratio * WIDTH);
      text = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${amount}${count}`;
    }
    io.stderr.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    update(done, total, records) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      draw(done, total, records);
    },
    finish() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
