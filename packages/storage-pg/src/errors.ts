import { AlmaError, ConflictError, isDate, StorageError, ValidationError } from '@alma/types';

export const ADAPTER = 'postgres';

interface DriverError extends Error {
  code?: unknown;
  constraint_name?: unknown;
  detail?: unknown;
}

/** Realm-safe: errors of Node's net module come from another realm than the caller's `Error` under test runners. */
const isErrorLike = (value: unknown): value is Error =>
  typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';

/** The innermost error that carries a code (drizzle wraps driver errors in DrizzleQueryError with `cause`). */
function driverError(error: unknown): DriverError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && isErrorLike(current); depth++) {
    if (typeof (current as DriverError).code === 'string') return current as DriverError;
    current = current.cause;
  }
  return undefined;
}

/** The SQLSTATE (e.g. '23505') or Node/postgres.js code (e.g. 'ECONNREFUSED') of a driver error. */
export function pgCode(error: unknown): string | undefined {
  return driverError(error)?.code as string | undefined;
}

/** The driver's own message: never drizzle's "Failed query: ... params: ...", which would echo user data. */
function driverMessage(error: unknown): string {
  const inner = driverError(error);
  if (inner) return inner.message;
  let current: unknown = error;
  while (isErrorLike(current) && isErrorLike(current.cause)) current = current.cause;
  return isErrorLike(current) ? current.message : String(error);
}

/** U+0000 in a text or jsonb value: 22021 (invalid byte sequence) or 22P05 (unsupported unicode escape). */
const NUL_CODES = new Set(['22021', '22P05']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P03', '08006', '08001']);

export const NUL_MESSAGE = 'PostgreSQL text and jsonb values cannot contain the character U+0000 (\\u0000)';

/**
 * Maps anything thrown while talking to PostgreSQL onto ALMA's errors: ALMA errors pass through, a primary-key
 * violation of `what` is a ConflictError, a U+0000 the server refused is a ValidationError, everything else a
 * StorageError naming the adapter and the operation, with the driver error kept as `cause`.
 */
export function toAlmaError(error: unknown, operation: string, what?: { kind: string; id: string }): AlmaError {
  if (error instanceof AlmaError) return error;
  const inner = driverError(error);
  const code = inner?.code as string | undefined;
  if (what && code === '23505' && String(inner?.constraint_name ?? '').endsWith('_pkey')) {
    // A batch names no single id: the server's detail does ("Key (id)=(heur_1) already exists.").
    const id = what.id || /^Key \(id\)=\((.*)\) already exists/.exec(String(inner?.detail ?? ''))?.[1] || '?';
    return new ConflictError(`A ${what.kind} with id '${id}' already exists.`, { cause: error });
  }
  if (code !== undefined && NUL_CODES.has(code)) {
    return new ValidationError(`${operation} failed: ${NUL_MESSAGE}.`, [{ path: '(string)', message: 'contains U+0000' }], {
      cause: error,
    });
  }
  const hint = code !== undefined && CONNECTION_CODES.has(code) ? ' Is the server running and reachable?' : '';
  return new StorageError(ADAPTER, `${operation} failed: ${driverMessage(error)}.${hint}`, {
    cause: error,
    details: code ? { code } : {},
  });
}

/** Awaits `fn`, mapping any error with `toAlmaError`. */
export async function guard<T>(operation: string, fn: () => Promise<T>, what?: { kind: string; id: string }): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAlmaError(error, operation, what);
  }
}

/** Every string (values and keys, nested) must be free of U+0000; throws ValidationError naming the first path. */
export function assertNoNul(value: unknown, what: string, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new ValidationError(`Invalid ${what}: ${path || '(root)'}: ${NUL_MESSAGE}.`, [
        { path: path || '(root)', message: 'must not contain U+0000' },
      ]);
    }
    return;
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || isDate(value)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoNul(item, what, path ? `${path}.${i}` : String(i)));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    assertNoNul(key, what, `${at} (key)`);
    assertNoNul(item, what, at);
  }
}
