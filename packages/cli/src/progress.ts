import { progressEnabled, type CliIo } from './io.js';
import { formatBytes } from './format.js';

/** One progress reading: `done` in the bar's unit, out of `total` when known. */
export interface ProgressReading {
  readonly done: number;
  readonly total?: number;
  /** Records so far, when the unit is bytes. */
  readonly records?: number;
  /** Records skipped so far (import with --on-conflict skip). */
  readonly skipped?: number;
}

export interface Progress {
  update(reading: ProgressReading): void;
  /** Clears the line. */
  finish(): void;
}

const WIDTH = 24;
const NOOP: Progress = { update: () => undefined, finish: () => undefined };
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The text of one progress line: a bar and a percentage with a total, the amount, records, their rate per second
 * since the start (`elapsedMs`), skipped records, and with a total the estimated time left.
 */
export function progressText(label: string, unit: 'records' | 'bytes', r: ProgressReading, elapsedMs: number): string {
  const records = unit === 'records' ? r.done : r.records;
  const amount = unit === 'bytes' ? `${formatBytes(r.done)}${r.total ? ` of ${formatBytes(r.total)}` : ''}` : '';
  const seconds = elapsedMs / 1000;
  const processed = (records ?? 0) + (r.skipped ?? 0);
  const rate = seconds >= 0.5 && processed > 0 ? ` (${count(processed / seconds)}/s)` : '';
  const parts = [
    amount,
    records !== undefined ? `${count(records)} records${rate}` : '',
    r.skipped ? `${count(r.skipped)} skipped` : '',
  ].filter(Boolean);
  if (!r.total || r.total <= 0) return `${label} ${parts.join(', ')}`;
  const ratio = Math.min(r.done / r.total, 1);
  const filled = Math.round(ratio * WIDTH);
  const left = ratio > 0 && ratio < 1 && seconds >= 1 ? `, ${Math.ceil((seconds / ratio) * (1 - ratio))} s left` : '';
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${parts.join(', ')}${left}`;
}

/**
 * A one-line progress indicator on stderr, redrawn at most every `intervalMs`, only when stderr is a terminal, so
 * pipes and log files never see control characters.
 */
export function progressBar(io: CliIo, label: string, unit: 'records' | 'bytes', intervalMs = 100, now = Date.now): Progress {
  if (!progressEnabled(io)) return NOOP;
  const started = now();
  let last = 0;
  let drawn = false;
  return {
    update(reading) {
      const at = now();
      if (at - last < intervalMs) return;
      last = at;
      io.stderr.write(`\r\x1b[2K${progressText(label, unit, reading, at - started)}`);
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
