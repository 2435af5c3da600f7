import { ValidationError } from '@alma/types';

/** `{ [key]: value }` when value is present, `{}` for null/undefined — records omit absent optional fields. */
export function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The scope columns of a row (tenant always, the workflow levels where the table has them). */
export interface ScopeRow {
  readonly tenantId: string | null;
  readonly workflowId?: string | null;
  readonly runId?: string | null;
  readonly nodeId?: string | null;
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

/** The scope fields of a record read from `row`: only those present. */
export function scopeFields(row: ScopeRow) {
  return {
    ...opt('tenantId', row.tenantId),
    ...opt('workflowId', row.workflowId),
    ...opt('runId', row.runId),
    ...opt('nodeId', row.nodeId),
  };
}

/** `scopeFields(row)` set on `out` in place (the hot read paths build records by assignment, not by spreads). */
export function assignScope(out: Record<string, unknown>, row: ScopeRow): Record<string, unknown> {
  if (row.tenantId !== null && row.tenantId !== undefined) out['tenantId'] = row.tenantId;
  if (row.workflowId !== null && row.workflowId !== undefined) out['workflowId'] = row.workflowId;
  if (row.runId !== null && row.runId !== undefined) out['runId'] = row.runId;
  if (row.nodeId !== null && row.nodeId !== undefined) out['nodeId'] = row.nodeId;
  return out;
}

/** Drops keys whose value is undefined (a patch field set to undefined leaves the stored value alone). */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A patch without identity keys (ignored) and without undefined values (they leave a field alone). */
export function cleanPatch(patch: object | undefined, fixed: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stripUndefined(patch ?? {})).filter(([key]) => !fixed.includes(key)));
}

/**
 * `JSON.stringify(value)`, with a value that cannot be serialised (a BigInt, a cycle) reported as the caller's
 * ValidationError naming `field` rather than as a driver failure. Undefined where JSON has no text for the value.
 */
export function jsonText(value: unknown, field: string): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(
      `${field} is not JSON-serialisable: ${(error as Error).message}`,
      [{ path: field, message: 'not JSON-serialisable' }],
      { cause: error },
    );
  }
}

/** Parsed JSON text; `fallback` for a missing, empty, `null` or unparsable text (lenient for legacy rows). */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}
