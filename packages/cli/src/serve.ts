import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { RunningServer } from './io.js';

/**
 * Keeps a started MCP server running until SIGINT / SIGTERM (or, in stdio mode, the end of stdin), then closes it
 * and its store.
 */
export function serveUntilShutdown(running: RunningServer, stdin: Readable, signals: EventEmitter = process): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      stdin.off('end', stop);
      running.close().then(resolve, reject);
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
    if (running.mode === 'stdio') stdin.once('end', stop);
  });
}
