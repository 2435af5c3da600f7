import { jsonText, parseJson } from './values.js';

/** The column forms one store uses for the values the shared row mappers write and read. */
export interface StorageForms {
  /** A point in time: ISO-8601 text or the driver's `Date`. */
  readonly time: unknown;
  /** A boolean: 0/1 or the driver's boolean. */
  readonly bool: unknown;
  /** JSON values (metadata, lists): `'text'` stores JSON text, `'value'` hands the value to the driver (jsonb). */
  readonly json: 'text' | 'value';
}

/** How a JSON value of type `T` is stored under `F`. */
export type StoredJson<F extends StorageForms, T> = F['json'] extends 'text' ? string : T;

/** Translates the mappers' values to and from one store's column forms. */
export interface SqlCodec<F extends StorageForms> {
  time(value: Date): F['time'];
  /** Lenient for legacy rows: a missing time reads as the epoch rather than failing the whole read. */
  readTime(value: F['time'] | null | undefined): Date;
  /** Checks that `value` serialises (a ValidationError naming `field` if not) and gives its stored form. */
  json<T>(value: T, field: string): StoredJson<F, T>;
  /** The stored JSON value, or `fallback` where there is none. */
  readJson<T>(value: StoredJson<F, T> | null | undefined, fallback: T): T;
  bool(value: boolean): F['bool'];
  readBool(value: F['bool'] | null | undefined): boolean;
}

/** Everything as text and integers (SQLite): ISO-8601 times (fixed width, so text order is time order), JSON text, 0/1. */
export interface TextForms extends StorageForms {
  readonly time: string;
  readonly bool: number;
  readonly json: 'text';
}

export const textCodec: SqlCodec<TextForms> = {
  time: (date) => date.toISOString(),
  readTime: (text) => new Date(text ?? 0),
  json: (value, field) => jsonText(value, field) ?? 'null',
  readJson: parseJson,
  bool: (value) => (value ? 1 : 0),
  readBool: (value) => value === 1,
};

/** Driver-native values (PostgreSQL via postgres.js): `Date`, boolean, JSON values the driver serialises (jsonb). */
export interface NativeForms extends StorageForms {
  readonly time: Date;
  readonly bool: boolean;
  readonly json: 'value';
}

export const nativeCodec: SqlCodec<NativeForms> = {
  time: (date) => date,
  readTime: (value) => (value ? new Date(value.getTime()) : new Date(0)),
  json: <T>(value: T, field: string): T => (jsonText(value, field) === undefined ? null : value) as T,
  readJson: (value, fallback) => value ?? fallback,
  bool: (value) => value,
  readBool: (value) => value === true,
};

/** A time column that may be empty. */
export const timeOrNull = <F extends StorageForms>(c: SqlCodec<F>, value: Date | undefined): F['time'] | null =>
  value === undefined ? null : c.time(value);

/** `{ [key]: Date }` for a stored time, `{}` for none (records omit absent optional times). */
export function optTime<F extends StorageForms, K extends string>(
  c: SqlCodec<F>,
  key: K,
  value: F['time'] | null | undefined,
): { [P in K]?: Date } {
  return (value === null || value === undefined ? {} : { [key]: c.readTime(value) }) as { [P in K]?: Date };
}
