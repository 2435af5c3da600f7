import { AlmaError, ConflictError, StorageError } from '@alma/types';

export const ADAPTER = 'sqlite';

/** Errors are duck-typed, not `instanceof Error`: better-sqlite3's native addon creates its SqliteError in the realm
 * that loaded it first, which is not the caller's realm under jest (one vm context per test file) or other sandboxes. */
type ErrorLike = { message?: unknown; code?: unknown; cause?: unknown };
const asErrorLike = (value: unknown): ErrorLike | undefined =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;

/** The SQLite result code of a driver error (drizzle wraps them in DrizzleQueryError with `cause`). */
export function sqliteCode(error: unknown): string | undefined {
  let current = asErrorLike(error);
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current.code === 'string' && current.code.startsWith('SQLITE_')) return current.code;
    current = asErrorLike(current.cause);
  }
  return undefined;
}

/** The driver's own message (without drizzle's "Failed query: ... params: ..." which would echo user data). */
function driverMessage(error: unknown): string {
  let current = asErrorLike(error);
  for (let depth = 0; depth < 5 && current; depth++) {
    const cause = asErrorLike(current.cause);
    if (typeof current.code === 'string' || !cause) return String(current.message ?? error);
    current = cause;
  }
  return String(error);
}

export const isBusy = (error: unknown): boolean => {
  const code = sqliteCode(error);
  return code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') === true || code === 'SQLITE_LOCKED';
};

/**
 * Maps anything thrown while talking to SQLite onto ALMA's errors: ALMA errors pass through, a primary-key
 * violation is a ConflictError, everything else a StorageError naming the adapter and the operation.
 */
export function toAlmaError(error: unknown, operation: string, what?: { kind: string; id: string }): AlmaError {
  if (error instanceof AlmaError) return error;
  const code = sqliteCode(error);
  if (what && code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConflictError(`A ${what.kind} with id '${what.id}' already exists.`, { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ConflictError(`${operation} collided with another write: ${driverMessage(error)}`, { cause: error });
  }
  return new StorageError(ADAPTER, `${operation} failed: ${driverMessage(error)}`, {
    cause: error,
    details: code ? { code } : {},
  });
}

/** Runs `fn`, mapping any error with `toAlmaError`. */
export function guard<T>(operation: string, fn: () => T, what?: { kind: string; id: string }): T {
  try {
    return fn();
  } catch (error) {
    throw toAlmaError(error, operation, what);
  }
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));

/**
 * Retries `fn` while SQLite reports SQLITE_BUSY (the busy timeout already waited inside the driver; this covers
 * the cases where SQLite returns BUSY without invoking the handler, e.g. during WAL recovery).
 */
export function withBusyRetry<T>(fn: () => T, attempts = 20): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      Atomics.wait(sleepBuffer, 0, 0, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}
