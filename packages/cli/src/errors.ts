import { CommanderError } from 'commander';
import { isAlmaError } from '@alma/types';
import type { CliIo } from './io.js';

/** Bad arguments the parser could not catch (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command that already said what went wrong and only needs the exit code. */
export class ExitCodeError extends Error {
  override readonly name = 'ExitCodeError';
  constructor(readonly exitCode: number) {
    super(`exit code ${exitCode}`);
  }
}

/** A multi-line message (e.g. a config with several bad keys) as one line. */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return rest.length ? `${first} ${rest.join('; ')}` : first;
}

/** The machine-readable code of an error: the AlmaError code, USAGE for bad arguments, ERROR otherwise. */
export function errorCode(error: unknown): string {
  if (isAlmaError(error)) return error.code;
  if (error instanceof UsageError || error instanceof CommanderError) return 'USAGE';
  return 'ERROR';
}

/** `--json` errors: one JSON line on stderr, `{"error":{"code","message","exitCode"}}`. */
export function jsonErrorLine(code: string, message: string, exitCode: number): string {
  return `${JSON.stringify({ error: { code, message, exitCode } })}\n`;
}

/**
 * Prints an error the way every alma command fails: one line `alma: <message>` on stderr (the stack too with
 * --verbose), or with `json` one JSON line with the error's code, and the exit code: 2 for usage errors, 1 for
 * everything else.
 */
export function reportError(io: Pick<CliIo, 'stderr'>, error: unknown, verbose: boolean, json = false): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed it already
  if (error instanceof ExitCodeError) return error.exitCode;
  const message = oneLine(error instanceof Error ? error.message : String(error)) || 'unknown error';
  const exitCode = error instanceof UsageError ? 2 : 1;
  if (json) {
    io.stderr.write(jsonErrorLine(errorCode(error), message, exitCode));
    return exitCode;
  }
  io.stderr.write(`alma: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.stack) io.stderr.write(`caused by: ${cause.stack}\n`);
  }
  return exitCode;
}
