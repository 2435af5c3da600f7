/** Where the progress bar is drawn: process.stderr, or a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const REDRAW_EVERY_MS = 80;

/**
 * A progress bar on a TTY (one line redrawn in place, at most every 80 ms), plain lines otherwise (one per phase,
 * so CI logs stay readable). Units are whatever the caller plans: here one timed call or a batch of seeded records.
 */
export class Progress {
  private done = 0;
  private label = '';
  private lastDraw = -Infinity;
  private readonly tty: boolean;

  constructor(
    private total: number,
    private readonly stream: ProgressStream = process.stderr,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.tty = stream.isTTY === true;
  }

  /** Units finished so far. */
  get doneUnits(): number {
    return this.done;
  }

  /** Starts a named phase ("sqlite · checkpoint write 1 KB"). */
  phase(label: string): void {
    this.label = label;
    if (this.tty) this.draw(true);
    else this.stream.write(`[${this.percent().padStart(4)}] ${label}\n`);
  }

  /** Counts finished units. */
  advance(units = 1): void {
    this.done = Math.min(this.total, this.done + units);
    if (this.tty) this.draw(false);
  }

  /** Units skipped (a store that could not run): moves the bar on without work. */
  skip(units: number): void {
    this.advance(units);
  }

  /** A message on its own line (the bar is redrawn under it on a TTY). */
  note(message: string): void {
    if (this.tty) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
    if (this.tty) this.draw(true);
  }

  /** Completes the bar and ends its line. */
  finish(): void {
    this.done = this.total;
    if (this.tty) {
      this.draw(true);
      this.stream.write('\n');
    } else {
      this.stream.write('[100%] done\n');
    }
  }

  private percent(): string {
    return `${this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100)}%`;
  }

  private draw(force: boolean): void {
    const now = this.clock();
    if (!force && now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 50));
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const room = Math.max(0, (this.stream.columns ?? 80) - width - 9);
    this.stream.write(`\r\x1b[K${bar} ${this.percent().padStart(4)} ${this.label.slice(0, room)}`);
  }
}
