import { ValidationError } from '@alma/types';

/** Lenient for legacy rows: a missing time reads as the epoch rather than failing the whole read. */
export const toDate = (value: Date | null | undefined): Date => (value ? new Date(value.getTime()) : new Date(0));

/**
 * A JSON value bound for a JSONB column, checked to serialise (a BigInt or a cycle is the caller's error, reported
 * as ValidationError naming the field, not as a driver failure). postgres.js serialises it.
 */
export function json<T>(value: T, field: string): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(
      `${field} is not JSON-serialisable: ${(error as Error).message}`,
      [{ path: field, message: 'not JSON-serialisable' }],
      { cause: error },
    );
  }
  return (text === undefined ? null : value) as T;
}

/** `{ [key]: value }` when value is present, `{}` for null/undefined — records omit absent optional fields. */
export function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Scope columns of a record (null when absent). */
export function scopeValues(r: { tenantId?: string; workflowId?: string; runId?: string; nodeId?: string }) {
  return {
    tenantId: r.tenantId ?? null,
    workflowId: r.workflowId ?? null,
    runId: r.runId ?? null,
    nodeId: r.nodeId ?? null,
  };
}

export function scopeFields(row: { tenantId: string | null; workflowId?: string | null; runId?: string | null; nodeId?: string | null }) {
  return {
    ...opt('tenantId', row.tenantId),
    ...opt('workflowId', row.workflowId),
    ...opt('runId', row.runId),
    ...opt('nodeId', row.nodeId),
  };
}

/** Drops keys whose value is undefined (a patch field set to undefined leaves the stored value alone). */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A patch without identity keys (ignored) and without undefined values (they leave a field alone). */
export function cleanPatch(patch: object | undefined, fixed: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stripUndefined(patch ?? {})).filter(([key]) => !fixed.includes(key)));
}
