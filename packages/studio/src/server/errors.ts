import { isAlmaError, ValidationError, type AlmaErrorCode } from '@alma/types';

/** Codes of the studio's own refusals, next to ALMA's error codes. */
export type StudioErrorCode =
  | AlmaErrorCode | 'READ_ONLY' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'FORBIDDEN_HOST' | 'ROUTE_NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'NO_RUN_CATALOG' | 'INTERNAL';

/** What every failed API call answers (and what the page shows): never a stack trace. */
export interface ErrorBody {
  readonly error: {
    readonly status: number;
    readonly code: StudioErrorCode;
    readonly message: string;
    readonly issues?: ReadonlyArray<{ path: string; message: string }>;
    readonly details?: Record<string, unknown>;
  };
}

/** A refusal of the studio itself, with the HTTP status it answers. */
export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly status: number,
    readonly code: StudioErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Response headers the refusal needs (e.g. WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const STATUS: Readonly<Record<AlmaErrorCode, number>> = {
  VALIDATION: 400,
  TENANT_REQUIRED: 400,
  SCOPE_VIOLATION: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_CHECKPOINT: 409,
  STATE_TOO_LARGE: 413,
  NOT_SERIALIZABLE: 422,
  REDUCER: 422,
  CONFIG: 500,
  EMBEDDING: 502,
  STORAGE: 503,
};

/**
 * The status and body for any thrown value. AlmaErrors keep their message (it says what to do); anything else is a
 * bug or an infrastructure failure: reported through `onError` and answered with a generic 500.
 */
export function errorResponse(error: unknown, onError?: (error: unknown) => void): { status: number; body: ErrorBody; headers?: Readonly<Record<string, string>> } {
  if (error instanceof StudioError) {
    const { status, code, message, details, headers } = error;
    return { status, headers, body: { error: { status, code, message, ...(details ? { details } : {}) } } };
  }
  if (isAlmaError(error)) {
    const status = STATUS[error.code];
    const issues = error instanceof ValidationError && error.issues.length > 0 ? { issues: error.issues } : {};
    const details = Object.keys(error.details).length > 0 && error.code !== 'STORAGE' ? { details: error.details } : {};
    return { status, body: { error: { status, code: error.code, message: error.message, ...issues, ...details } } };
  }
  onError?.(error);
  const message = 'Internal error in alma studio; the server log has the details.';
  return { status: 500, body: { error: { status: 500, code: 'INTERNAL', message } } };
}
