import { describe, expect, it } from '@jest/globals';
import { ReducerError } from '@alma/types';
import { maxReducer, minReducer, sumReducer } from './numeric-reducers.js';
import { reduceContext, type StateReducer } from './state-reducer.js';

const ctx = (n: number) => reduceContext('score', n);

function reducerError(fn: () => unknown): ReducerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReducerError);
    return error as ReducerError;
  }
  throw new Error('expected a ReducerError');
}

describe('sum', () => {
  it('adds finite numbers, skipping null and undefined', () => {
    expect(sumReducer.name).toBe('sum');
    expect(sumReducer.reduce([1, 2.5, null, -4, undefined], ctx(5))).toBe(-0.5);
  });

  it('is 0 when there are no numbers', () => {
    expect(sumReducer.reduce([], ctx(0))).toBe(0);
    expect(sumReducer.reduce([null], ctx(1))).toBe(0);
  });

  it('gives the same result in any order, even where float addition is not associative', () => {
    expect(sumReducer.reduce([0.1, 0.2, 0.3], ctx(3))).toBe(sumReducer.reduce([0.3, 0.1, 0.2], ctx(3)));
    // left to right, these give 0 and 2
    expect(sumReducer.reduce([1e16, 1, 1, -1e16], ctx(4))).toBe(sumReducer.reduce([1, 1, 1e16, -1e16], ctx(4)));
  });

  it('rejects a string: "sum over a string", naming field and branch', () => {
    const error = reducerError(() => sumReducer.reduce([1, '2'], { field: 'cost', branchIndexes: [0, 6] }));
    expect(error.message).toBe(
      "Reducer 'sum' cannot sum over a string (field 'cost', branch 6); it accepts finite numbers only.",
    );
    expect(error.field).toBe('cost');
    expect(error.branchIndex).toBe(6);
  });

  it.each([
    [Number.NaN, 'a number (NaN)'],
    [Number.POSITIVE_INFINITY, 'a number (Infinity)'],
    [true, 'a boolean'],
    [[1], 'an array'],
    [{ n: 1 }, 'an object'],
    [10n, 'a bigint'],
  ])('rejects %p', (value, described) => {
    const error = reducerError(() => sumReducer.reduce([value], ctx(1)));
    expect(error.message).toContain(`sum over ${described}`);
    expect(error.branchIndex).toBe(0);
  });

  it('rejects an overflow to Infinity', () => {
    const error = reducerError(() => sumReducer.reduce([Number.MAX_VALUE, Number.MAX_VALUE], ctx(2)));
    expect(error.message).toContain('overflowed');
    expect(error.field).toBe('score');
  });
});

describe.each<[string, StateReducer, number, string]>([
  ['max', maxReducer, 9, 'take the max of'],
  ['min', minReducer, -3, 'take the min of'],
])('%s', (name, reducer, expected, action) => {
  it('picks the extreme number, skipping null and undefined', () => {
    expect(reducer.name).toBe(name);
    expect(reducer.reduce([2, null, 9, -3, undefined, 4], ctx(6))).toBe(expected);
  });

  it('is undefined when there are no numbers', () => {
    expect(reducer.reduce([], ctx(0))).toBeUndefined();
    expect(reducer.reduce([null, undefined], ctx(2))).toBeUndefined();
  });

  it('accepts infinities', () => {
    expect(reducer.reduce([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY], ctx(2))).toBe(
      name === 'max' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
    );
  });

  it('handles many values', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    expect(reducer.reduce(many, ctx(many.length))).toBe(name === 'max' ? 199_999 : 0);
  });

  it.each([
    ['7', 'a string'],
    [Number.NaN, 'a number (NaN)'],
    [false, 'a boolean'],
  ])('rejects %p, naming field and branch', (value, described) => {
    const error = reducerError(() => reducer.reduce([1, value], { field: 'latency', branchIndexes: [0, 2] }));
    expect(error.message).toBe(
      `Reducer '${name}' cannot ${action} ${described} (field 'latency', branch 2); it accepts numbers (not NaN) only.`,
    );
    expect(error.field).toBe('latency');
    expect(error.branchIndex).toBe(2);
  });
});
