import { AlmaError, StorageError } from '@alma/types';

export const ADAPTER = 'cosmos';

/** The HTTP status of an `@azure/cosmos` ErrorResponse (its `code`), if the error is one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;
export const isConflict = (error: unknown): boolean => statusOf(error) === 409;
export const isPreconditionFailed = (error: unknown): boolean => statusOf(error) === 412;

/** The service's message without the diagnostics blob the SDK appends (it can echo request details). */
function driverMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split(/\r?\n/)[0] ?? message;
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}...` : firstLine;
}

/** ALMA errors pass through; anything else becomes a StorageError naming the adapter and the operation. */
export function toAlmaError(error: unknown, operation: string): AlmaError {
  if (error instanceof AlmaError) return error;
  const status = statusOf(error);
  const hint =
    status === 429
      ? ' (request rate too large after the configured retries: raise the RU/s or maxRetryAttemptsOn429)'
      : '';
  const code = status === undefined ? '' : ` [${status}]`;
  return new StorageError(ADAPTER, `${operation} failed${code}: ${driverMessage(error)}${hint}`, {
    cause: error,
    details: status === undefined ? {} : { status },
  });
}

/** Runs `fn`, mapping anything it throws with `toAlmaError`. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAlmaError(error, operation);
  }
}
