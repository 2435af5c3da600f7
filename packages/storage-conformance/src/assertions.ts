import { expect } from '@jest/globals';
import type { AlmaErrorCode } from '@alma/types';

const tag = (value: unknown): string => Object.prototype.toString.call(value);

/** Realm-independent checks: jest runs tests in a VM context, so `instanceof` fails on values made by the host. */
export const isDate = (value: unknown): value is Date => tag(value) === '[object Date]';
export const isFloat32Array = (value: unknown): value is Float32Array => tag(value) === '[object Float32Array]';

/**
 * A comparable form of a record: Dates become `{ $date: epochMillis }`, Float32Arrays `{ $float32: [...] }` (so a
 * plain number[] does not pass for one), undefined properties are dropped. Everything else is compared as is.
 */
export function comparable(value: unknown): unknown {
  if (isDate(value)) return { $date: value.getTime() };
  if (isFloat32Array(value)) return { $float32: Array.from(value) };
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // defineProperty: a '__proto__' key stays a plain key.
      if (v !== undefined) Object.defineProperty(out, key, { value: comparable(v), enumerable: true });
    }
    return out;
  }
  return value;
}

/** Every field of `actual` equals `expected`: Dates by time, Float32Arrays by values, metadata deep-equal. */
export function expectSameRecord(actual: unknown, expected: unknown): void {
  expect(actual).toBeDefined();
  expect(comparable(actual)).toEqual(comparable(expected));
}

/** Same as expectSameRecord, element by element, in order. */
export function expectSameRecords(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(comparable(actual)).toEqual(comparable(expected));
}

/** Runs `action` and asserts it fails with an AlmaError of `code` (matched on `code`, not on the class identity). */
export async function expectAlmaError(action: () => Promise<unknown>, code: AlmaErrorCode): Promise<Error> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected a rejection with code ${code}, but the call succeeded`);
  expect(tag(caught)).toBe('[object Error]');
  expect({ code: (caught as { code?: unknown }).code, message: (caught as Error).message }).toMatchObject({ code });
  return caught as Error;
}

export const expectValidationError = (action: () => Promise<unknown>): Promise<Error> =>
  expectAlmaError(action, 'VALIDATION');
export const expectConflictError = (action: () => Promise<unknown>): Promise<Error> =>
  expectAlmaError(action, 'CONFLICT');

/** The ids of records (or of scored records), in order. */
export function idsOf(items: readonly ({ id: string } | { record: { id: string } })[]): string[] {
  return items.map((item) => ('record' in item ? item.record.id : item.id));
}

/** The ids, sorted, for order-independent comparisons. */
export function sortedIds(items: readonly ({ id: string } | { record: { id: string } })[]): string[] {
  return sortIds(idsOf(items));
}

/** `ids` sorted in byte order (what "ties break by id ascending" means). */
export function sortIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Asserts `date` is within `toleranceMs` of the window [before, after] (store clocks may differ a little). */
export function expectDateWithin(date: unknown, before: number, after: number, toleranceMs = 5_000): void {
  expect(tag(date)).toBe('[object Date]');
  const t = (date as Date).getTime();
  expect(t).toBeGreaterThanOrEqual(before - toleranceMs);
  expect(t).toBeLessThanOrEqual(after + toleranceMs);
}
