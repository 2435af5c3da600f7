/**
 * A pino-style logger (pino, or anything with the same call shape: bunyan-like `(fields, message)`): ALMA logs
 * structured fields first, then a short message. Every level is optional.
 */
export interface Logger {
  debug?(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
  warn?(fields: Record<string, unknown>, message: string): void;
  error?(fields: Record<string, unknown>, message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Calls the logger's level, if it has one; a throwing logger never breaks the call it reports on. */
export function log(logger: Logger | undefined, level: LogLevel, fields: Record<string, unknown>, message: string): void {
  const fn = logger?.[level];
  if (typeof fn !== 'function') return;
  try {
    fn.call(logger, fields, message);
  } catch {
    // logging must not change the outcome of the operation
  }
}
