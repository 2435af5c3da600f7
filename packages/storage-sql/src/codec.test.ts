import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@alma/types';
import { nativeCodec, optTime, textCodec, timeOrNull } from './codec.js';

const when = new Date('2024-01-15T12:00:00.123Z');

describe('textCodec (SQLite: ISO text, JSON text, 0/1)', () => {
  it('writes fixed-width ISO times and reads them back; a missing time reads as the epoch', () => {
    expect(textCodec.time(when)).toBe('2024-01-15T12:00:00.123Z');
    expect(textCodec.readTime('2024-01-15T12:00:00.123Z')).toEqual(when);
    expect(textCodec.readTime(null)).toEqual(new Date(0));
    expect(textCodec.readTime(undefined)).toEqual(new Date(0));
  });

  it('stores JSON as text, undefined as null; reads leniently', () => {
    expect(textCodec.json({ a: [1, 'b'] }, 'metadata')).toBe('{"a":[1,"b"]}');
    expect(textCodec.json(undefined, 'metadata')).toBe('null');
    expect(textCodec.readJson<Record<string, unknown>>('{"a":1}', {})).toEqual({ a: 1 });
    expect(textCodec.readJson<string[]>(null, [])).toEqual([]);
    expect(textCodec.readJson<string[]>('not json', ['x'])).toEqual(['x']);
    expect(() => textCodec.json({ big: 1n }, 'properties')).toThrow(ValidationError);
  });

  it('stores booleans as 0/1', () => {
    expect([textCodec.bool(true), textCodec.bool(false)]).toEqual([1, 0]);
    expect([textCodec.readBool(1), textCodec.readBool(0), textCodec.readBool(null)]).toEqual([true, false, false]);
  });
});

describe('nativeCodec (PostgreSQL: Date, jsonb values, boolean)', () => {
  it('passes times through and reads a copy; a missing time reads as the epoch', () => {
    expect(nativeCodec.time(when)).toBe(when);
    const read = nativeCodec.readTime(when);
    expect(read).toEqual(when);
    expect(read).not.toBe(when);
    expect(nativeCodec.readTime(null)).toEqual(new Date(0));
  });

  it('hands JSON values to the driver after checking they serialise', () => {
    const value = { a: [1] };
    expect(nativeCodec.json(value, 'metadata')).toBe(value);
    expect(nativeCodec.json(undefined, 'metadata')).toBeNull();
    expect(() => nativeCodec.json({ big: 1n }, 'metadata')).toThrow(/metadata is not JSON-serialisable/);
    expect(nativeCodec.readJson<string[]>(['a'], [])).toEqual(['a']);
    expect(nativeCodec.readJson<string[]>(null, ['x'])).toEqual(['x']);
  });

  it('passes booleans through', () => {
    expect(nativeCodec.bool(false)).toBe(false);
    expect([nativeCodec.readBool(true), nativeCodec.readBool(false), nativeCodec.readBool(null)]).toEqual([true, false, false]);
  });
});

describe('optional times', () => {
  it('timeOrNull and optTime', () => {
    expect(timeOrNull(textCodec, undefined)).toBeNull();
    expect(timeOrNull(textCodec, when)).toBe(when.toISOString());
    expect(timeOrNull(nativeCodec, when)).toBe(when);
    expect(optTime(textCodec, 'validTo', null)).toEqual({});
    expect(optTime(textCodec, 'validTo', when.toISOString())).toEqual({ validTo: when });
    expect(optTime(nativeCodec, 'validTo', when)).toEqual({ validTo: when });
  });
});
