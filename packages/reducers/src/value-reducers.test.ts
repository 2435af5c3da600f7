import { describe, expect, it } from '@jest/globals';
import { ReducerError } from '@alma/types';
import { reduceContext } from './state-reducer.js';
import { firstValueReducer, lastValueReducer, mergeDictReducer } from './value-reducers.js';

const ctx = (n: number) => reduceContext('field', n);

describe('last_value / first_value', () => {
  it('pick the last / first value that is not null or undefined', () => {
    expect(lastValueReducer.name).toBe('last_value');
    expect(firstValueReducer.name).toBe('first_value');
    const values = [undefined, 'a', null, 'b', 'c', null, undefined];
    expect(lastValueReducer.reduce(values, ctx(values.length))).toBe('c');
    expect(firstValueReducer.reduce(values, ctx(values.length))).toBe('a');
  });

  it('keep falsy values that are real values', () => {
    expect(lastValueReducer.reduce([1, 0], ctx(2))).toBe(0);
    expect(firstValueReducer.reduce([null, false, true], ctx(3))).toBe(false);
    expect(lastValueReducer.reduce(['x', ''], ctx(2))).toBe('');
  });

  it('give undefined when there is no value', () => {
    expect(lastValueReducer.reduce([null, undefined], ctx(2))).toBeUndefined();
    expect(firstValueReducer.reduce([], ctx(0))).toBeUndefined();
  });

  it('accept any type', () => {
    const obj = { a: 1 };
    expect(lastValueReducer.reduce([[1], obj], ctx(2))).toBe(obj);
  });
});

describe('merge_dict', () => {
  it('merges shallowly, later branches overwriting earlier ones', () => {
    expect(mergeDictReducer.name).toBe('merge_dict');
    const out = mergeDictReducer.reduce(
      [
        { a: 1, nested: { x: 1 } },
        { b: 2, nested: { y: 2 } },
        { a: 3 },
      ],
      ctx(3),
    );
    expect(out).toEqual({ a: 3, nested: { y: 2 }, b: 2 });
    expect(Object.keys(out as object)).toEqual(['a', 'nested', 'b']);
  });

  it('skips null and undefined, and gives {} when nothing is left', () => {
    expect(mergeDictReducer.reduce([null, { a: 1 }, undefined], ctx(3))).toEqual({ a: 1 });
    expect(mergeDictReducer.reduce([null], ctx(1))).toEqual({});
  });

  it('accepts null-prototype objects and keeps a __proto__ key as data', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "b": 2}') as Record<string, unknown>;
    const out = mergeDictReducer.reduce([bare, parsed], ctx(2)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['a', '__proto__', 'b']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not mutate its inputs', () => {
    const a = Object.freeze({ a: 1 });
    const b = Object.freeze({ a: 2 });
    const out = mergeDictReducer.reduce([a, b], ctx(2));
    expect(out).not.toBe(a);
    expect(out).not.toBe(b);
    expect(a).toEqual({ a: 1 });
  });

  it.each([
    [[1, 2], 'an array'],
    ['text', 'a string'],
    [new Date(0), 'a Date'],
    [new Map(), 'a Map'],
  ])('rejects %p, naming the field and branch', (value, described) => {
    expect.assertions(5);
    try {
      mergeDictReducer.reduce([{ a: 1 }, value], { field: 'meta', branchIndexes: [1, 2] });
    } catch (error) {
      expect(error).toBeInstanceOf(ReducerError);
      const e = error as ReducerError;
      expect(e.field).toBe('meta');
      expect(e.branchIndex).toBe(2);
      expect(e.message).toContain(`cannot merge ${described} (field 'meta', branch 2)`);
      expect(e.message).toContain('plain objects');
    }
  });
});
