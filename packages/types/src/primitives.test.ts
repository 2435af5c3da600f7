import { describe, expect, it } from '@jest/globals';
import { MAX_ID_LENGTH, newId, newUuid } from './ids.js';
import {
  countSchema,
  dateSchema,
  embeddingSchema,
  idSchema,
  MAX_TEXT_LENGTH,
  metadataSchema,
  nonEmptyTextSchema,
  textSchema,
  unitIntervalSchema,
} from './primitives.js';

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((i) => i.message).join('; ');

describe('ids', () => {
  it('newId is the prefix plus 24 hex characters: the time in ms, then 48 random bits', () => {
    const before = Date.now();
    const id = newId('heur');
    expect(id).toMatch(/^heur_[0-9a-f]{24}$/);
    const ms = parseInt(id.slice(5, 17), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });

  it('newId never repeats within one millisecond, across refills of its random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('ckpt')); // 30,000 random bytes: several 4 KiB refills
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(17))).size).toBe(ids.length); // the random parts alone differ too
  });

  it('newUuid is a v4 UUID', () => {
    expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('generated ids pass idSchema', () => {
    expect(idSchema.safeParse(newId('x')).success).toBe(true);
    expect(idSchema.safeParse(newUuid()).success).toBe(true);
  });
});

describe('idSchema', () => {
  it('accepts opaque strings verbatim, including quotes, unicode and spaces', () => {
    for (const id of ['a', "o'brien; DROP TABLE x", 'ünï 💡', '{"$ne": 1}', 'x'.repeat(MAX_ID_LENGTH)]) {
      expect(idSchema.parse(id)).toBe(id);
    }
  });

  it('rejects an empty id', () => {
    const result = idSchema.safeParse('');
    expect(result.success).toBe(false);
    expect(messageOf(result)).toBe('must not be empty');
  });

  it('rejects an id longer than 256 characters', () => {
    expect(MAX_ID_LENGTH).toBe(256);
    const result = idSchema.safeParse('x'.repeat(257));
    expect(result.success).toBe(false);
    expect(messageOf(result)).toBe('must be at most 256 characters');
  });

  it.each(['a\u0000b', 'line\nbreak', 'tab\there', 'esc\u001b', 'del\u007f'])('rejects control characters in %j', (id) => {
    const result = idSchema.safeParse(id);
    expect(result.success).toBe(false);
    expect(messageOf(result)).toBe('must not contain control characters');
  });

  it('rejects non-strings', () => {
    expect(idSchema.safeParse(12).success).toBe(false);
    expect(idSchema.safeParse(undefined).success).toBe(false);
  });
});

describe('text schemas', () => {
  it('bound free text at 100 000 characters', () => {
    expect(MAX_TEXT_LENGTH).toBe(100_000);
    expect(textSchema.safeParse('x'.repeat(100_000)).success).toBe(true);
    expect(textSchema.safeParse('').success).toBe(true);
    const tooLong = textSchema.safeParse('x'.repeat(100_001));
    expect(tooLong.success).toBe(false);
    expect(messageOf(tooLong)).toBe('must be at most 100000 characters');
  });

  it('nonEmptyTextSchema rejects the empty string', () => {
    expect(nonEmptyTextSchema.safeParse('a').success).toBe(true);
    expect(messageOf(nonEmptyTextSchema.safeParse(''))).toBe('must not be empty');
  });
});

describe('dateSchema', () => {
  it('accepts a Date, an ISO string and epoch millis', () => {
    const iso = '2026-01-02T03:04:05.000Z';
    const expected = new Date(iso);
    expect(dateSchema.parse(expected)).toEqual(expected);
    expect(dateSchema.parse(iso)).toEqual(expected);
    expect(dateSchema.parse(expected.getTime())).toEqual(expected);
    expect(dateSchema.parse(iso)).toBeInstanceOf(Date);
  });

  it('rejects strings and Dates that are not valid dates', () => {
    expect(dateSchema.safeParse('not a date').success).toBe(false);
    expect(dateSchema.safeParse(new Date(Number.NaN)).success).toBe(false);
    expect(dateSchema.safeParse({}).success).toBe(false);
  });
});

describe('embeddingSchema', () => {
  it('converts number[] to Float32Array', () => {
    const out = embeddingSchema.parse([0.5, 1, -2]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([0.5, 1, -2]);
  });

  it('copies a Float32Array, so later changes to the input do not leak in', () => {
    const v = new Float32Array([1, 2]);
    const out = embeddingSchema.parse(v);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([1, 2]);
    v[0] = 9;
    expect(out[0]).toBe(1);
  });

  it('rejects empty and oversized vectors', () => {
    expect(messageOf(embeddingSchema.safeParse([]))).toBe('must have 1..8192 dimensions');
    expect(messageOf(embeddingSchema.safeParse(new Float32Array(0)))).toBe('must have 1..8192 dimensions');
    expect(embeddingSchema.safeParse(new Float32Array(8192)).success).toBe(true);
    expect(embeddingSchema.safeParse(new Float32Array(8193)).success).toBe(false);
  });

  it('rejects non-finite numbers, strings and other arrays', () => {
    expect(embeddingSchema.safeParse([1, Number.NaN]).success).toBe(false);
    expect(embeddingSchema.safeParse([1, Number.POSITIVE_INFINITY]).success).toBe(false);
    expect(embeddingSchema.safeParse(['1']).success).toBe(false);
    expect(embeddingSchema.safeParse(new Float64Array([1])).success).toBe(false);
  });
});

describe('small schemas', () => {
  it('unitIntervalSchema accepts 0..1 inclusive', () => {
    expect(unitIntervalSchema.safeParse(0).success).toBe(true);
    expect(unitIntervalSchema.safeParse(1).success).toBe(true);
    expect(messageOf(unitIntervalSchema.safeParse(-0.01))).toBe('must be >= 0');
    expect(messageOf(unitIntervalSchema.safeParse(1.01))).toBe('must be <= 1');
  });

  it('countSchema accepts non-negative integers only', () => {
    expect(countSchema.safeParse(0).success).toBe(true);
    expect(countSchema.safeParse(-1).success).toBe(false);
    expect(countSchema.safeParse(1.5).success).toBe(false);
  });

  it('metadataSchema accepts string-keyed records only', () => {
    expect(metadataSchema.parse({ a: 1, b: { c: [1] } })).toEqual({ a: 1, b: { c: [1] } });
    expect(metadataSchema.safeParse([1]).success).toBe(false);
    expect(metadataSchema.safeParse(null).success).toBe(false);
  });
});

describe('dateSchema strictness', () => {
  it('rejects null, booleans and empty strings instead of coercing them to 1970', () => {
    for (const bad of [null, true, false, '', undefined, {}, Number.NaN]) {
      expect(dateSchema.safeParse(bad).success).toBe(false);
    }
    expect(dateSchema.parse(0).getTime()).toBe(0);
    expect(dateSchema.parse('2026-01-01T00:00:00Z').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
