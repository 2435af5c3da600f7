import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { deepClone, isDate, isFloat32Array } from './clone.js';

describe('realm-safe checks', () => {
  it('recognise Dates and Float32Arrays from this realm', () => {
    expect(isDate(new Date())).toBe(true);
    expect(isFloat32Array(new Float32Array(1))).toBe(true);
  });

  it('recognise Dates and Float32Arrays from another realm', () => {
    const date = runInNewContext('new Date(5)') as Date;
    const vec = runInNewContext('new Float32Array([1, 2])') as Float32Array;
    expect(date instanceof Date).toBe(false);
    expect(isDate(date)).toBe(true);
    expect(isFloat32Array(vec)).toBe(true);
  });

  it('reject look-alikes', () => {
    expect(isDate('2026-01-01')).toBe(false);
    expect(isDate({ getTime: () => 1 })).toBe(false);
    expect(isFloat32Array([1, 2])).toBe(false);
    expect(isFloat32Array(new Float64Array(1))).toBe(false);
  });
});

describe('deepClone', () => {
  it('returns primitives as they are', () => {
    for (const v of [1, 'x', true, null, undefined, 10n]) expect(deepClone(v)).toBe(v);
  });

  it('copies nested objects, arrays, Dates and Float32Arrays', () => {
    const input = { a: [1, { b: new Date(7) }], v: new Float32Array([0.5]), s: 'x' };
    const out = deepClone(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a[1]).not.toBe(input.a[1]);
    expect((out.a[1] as { b: Date }).b).not.toBe((input.a[1] as { b: Date }).b);
    expect((out.a[1] as { b: Date }).b.getTime()).toBe(7);
    expect(out.v).not.toBe(input.v);
    expect(out.v).toBeInstanceOf(Float32Array);
  });

  it('turns values from another realm into this realm’s types', () => {
    const foreign = runInNewContext('({ when: new Date(3), vec: new Float32Array([1]), list: [1] })') as {
      when: Date;
      vec: Float32Array;
      list: number[];
    };
    const out = deepClone(foreign);
    expect(out.when).toBeInstanceOf(Date);
    expect(out.vec).toBeInstanceOf(Float32Array);
    expect(out.when.getTime()).toBe(3);
  });
});

describe('deepClone with hostile keys', () => {
  it('keeps a __proto__ key as data and does not change the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = deepClone(input);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
  });
});
