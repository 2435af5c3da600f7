import { z } from 'zod';
import { isDate, isFloat32Array } from './clone.js';
import { MAX_ID_LENGTH } from './ids.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** An opaque id: 1..256 chars, no control characters. */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

/** Free text fields are bounded so one bad write cannot fill a store. */
export const MAX_TEXT_LENGTH = 100_000;
export const textSchema = z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`);
export const nonEmptyTextSchema = textSchema.min(1, 'must not be empty');

/** JSON-serialisable metadata bag. */
export const metadataSchema = z.record(z.string(), z.unknown());
export type Metadata = Record<string, unknown>;

/** Accepts Date, ISO string or epoch millis; always yields a valid Date. */
export const dateSchema = z
  .custom<Date | string | number>(
    (v) => isDate(v) || (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v)),
    'must be a Date, an ISO date string or epoch milliseconds',
  )
  .transform((v) => new Date(isDate(v) ? v.getTime() : v))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');

/** Embeddings are Float32Array in memory; number[] input (e.g. from JSON) is converted. */
export const embeddingSchema = z
  .union([z.custom<Float32Array>(isFloat32Array, 'must be a Float32Array'), z.array(z.number().finite())])
  .transform((v): Float32Array => Float32Array.from(v)) // always a fresh, realm-local copy
  .refine((v) => v.length > 0 && v.length <= 8192, 'must have 1..8192 dimensions');

export const unitIntervalSchema = z.number().min(0, 'must be >= 0').max(1, 'must be <= 1');
export const countSchema = z.number().int().min(0);
