/** The closed set of error codes ALMA packages throw. Match on `code`, not on message text. */
export const ERROR_CODES = [
  'VALIDATION',
  'TENANT_REQUIRED',
  'SCOPE_VIOLATION',
  'STATE_TOO_LARGE',
  'NOT_SERIALIZABLE',
  'NOT_FOUND',
  'CONFLICT',
  'STALE_CHECKPOINT',
  'REDUCER',
  'STORAGE',
  'CONFIG',
  'EMBEDDING',
] as const;
export type AlmaErrorCode = (typeof ERROR_CODES)[number];

export interface AlmaErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** Base class of every error ALMA throws on purpose. `cause` keeps the underlying error. */
export class AlmaError extends Error {
  readonly code: AlmaErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AlmaErrorCode, message: string, options: AlmaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Input failed validation; `issues` lists each bad path and why. */
export class ValidationError extends AlmaError {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }> = [], options?: AlmaErrorOptions) {
    super('VALIDATION', message, options);
    this.issues = issues;
  }
}

/** The deployment requires a tenant and the call had none. */
export class TenantRequiredError extends AlmaError {
  constructor(operation: string) {
    super('TENANT_REQUIRED', `${operation} needs a tenantId: this ALMA instance is configured with requireTenant: true.`, {
      details: { operation },
    });
  }
}

/** An agent tried to learn or read outside what its MemoryScope allows. */
export class ScopeViolationError extends AlmaError {
  constructor(message: string, options?: AlmaErrorOptions) {
    super('SCOPE_VIOLATION', message, options);
  }
}

/** A checkpoint state exceeds the configured size limit. */
export class StateTooLargeError extends AlmaError {
  readonly sizeBytes: number;
  readonly limitBytes: number;
  constructor(sizeBytes: number, limitBytes: number) {
    super(
      'STATE_TOO_LARGE',
      `Checkpoint state is ${sizeBytes} bytes, over the limit of ${limitBytes} bytes. ` +
        'Store large payloads externally and keep an ArtifactRef in the state, or raise maxStateSizeBytes.',
      { details: { sizeBytes, limitBytes } },
    );
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}

/** A value cannot round-trip through JSON (function, cycle, BigInt, symbol, class instance ...). */
export class NotSerializableError extends AlmaError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super('NOT_SERIALIZABLE', `State is not serialisable at ${path}: ${reason}.`, { details: { path, reason } });
    this.path = path;
  }
}

export class NotFoundError extends AlmaError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} '${id}' was not found (or is outside the caller's scope).`, { details: { what, id } });
  }
}

/** A write collided with a concurrent one and could not be retried safely. */
export class ConflictError extends AlmaError {
  constructor(message: string, options?: AlmaErrorOptions) {
    super('CONFLICT', message, options);
  }
}

/** A checkpoint named a parent that is no longer the latest of its branch (zombie or cancelled worker). */
export class StaleCheckpointError extends AlmaError {
  constructor(runId: string, branchId: string | undefined, expectedParentId: string, actualLatestId: string | undefined) {
    super(
      'STALE_CHECKPOINT',
      `Run '${runId}' branch '${branchId ?? '(main)'}' has moved on: the write continues from ` +
        `'${expectedParentId}' but the latest checkpoint is '${actualLatestId ?? 'none'}'. Nothing was stored.`,
      { details: { runId, branchId, expectedParentId, actualLatestId } },
    );
  }
}

/** Merging branch states failed; names the field and branch so the caller can fix its reducer config. */
export class ReducerError extends AlmaError {
  readonly field: string | undefined;
  readonly branchIndex: number | undefined;
  constructor(message: string, field?: string, branchIndex?: number, options?: AlmaErrorOptions) {
    super('REDUCER', message, { ...options, details: { field, branchIndex } });
    this.field = field;
    this.branchIndex = branchIndex;
  }
}

/** A storage adapter failed; the message names the adapter, `cause` keeps the driver error. */
export class StorageError extends AlmaError {
  readonly adapter: string;
  constructor(adapter: string, message: string, options?: AlmaErrorOptions) {
    super('STORAGE', `[${adapter}] ${message}`, options);
    this.adapter = adapter;
  }
}

/** Configuration is invalid; the message names the key. */
export class ConfigError extends AlmaError {
  constructor(message: string, options?: AlmaErrorOptions) {
    super('CONFIG', message, options);
  }
}

/** An embedding provider failed or returned vectors of the wrong dimension. */
export class EmbeddingError extends AlmaError {
  constructor(message: string, options?: AlmaErrorOptions) {
    super('EMBEDDING', message, options);
  }
}

export function isAlmaError(value: unknown): value is AlmaError {
  return value instanceof AlmaError;
}
