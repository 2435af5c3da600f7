import { bytesToVector, ValidationError } from '@alma/types';

/** Dates are stored as `toISOString()` text: fixed width, so text order is time order. */
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | undefined): string | null => (date === undefined ? null : date.toISOString());
/** Lenient for legacy rows: a missing time reads as the epoch rather than failing the whole read. */
export const toDate = (text: string | null | undefined): Date => new Date(text ?? 0);

export function json(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${field} is not JSON-serialisable: ${(error as Error).message}`, [
      { path: field, message: 'not JSON-serialisable' },
    ], { cause: error });
  }
  return text ?? 'null';
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

/** `{ [key]: value }` when value is present, `{}` for null/undefined — records omit absent optional fields. */
export function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export const optDate = <K extends string>(key: K, text: string | null | undefined): { [P in K]?: Date } =>
  opt(key, text === null || text === undefined ? undefined : new Date(text));

export const vectorBlob = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
export const blobVector = (b: Uint8Array | null | undefined): Float32Array | undefined =>
  b === null || b === undefined ? undefined : bytesToVector(b);

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
