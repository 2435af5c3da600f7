import { describe, expect, it } from '@jest/globals';
import { ReducerError } from '@alma/types';
import { appendReducer, unionReducer } from './list-reducers.js';
import { reduceContext } from './state-reducer.js';

const ctx = (n: number, field = 'items') => reduceContext(field, n);

function reducerError(fn: () => unknown): ReducerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReducerError);
    return error as ReducerError;
  }
  throw new Error('expected a ReducerError');
}

describe('append', () => {
  it('concatenates lists in branch order', () => {
    expect(appendReducer.name).toBe('append');
    expect(appendReducer.reduce([[1, 2], [3], [], [4, 5]], ctx(4))).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps duplicates and nested lists as items', () => {
    expect(appendReducer.reduce([[1, [2]], [1, [2]]], ctx(2))).toEqual([1, [2], 1, [2]]);
  });

  it('skips null and undefined', () => {
    expect(appendReducer.reduce([null, ['a'], undefined, ['b']], ctx(4))).toEqual(['a', 'b']);
    expect(appendReducer.reduce([null, undefined], ctx(2))).toEqual([]);
    expect(appendReducer.reduce([], ctx(0))).toEqual([]);
  });

  it('returns a new list and leaves the inputs alone', () => {
    const a = Object.freeze([1]);
    const b = Object.freeze([2]);
    const out = appendReducer.reduce([a, b], ctx(2));
    expect(out).not.toBe(a);
    expect(a).toEqual([1]);
    expect(b).toEqual([2]);
  });

  it('rejects a non-list value, naming the field and the branch it came from', () => {
    const error = reducerError(() => appendReducer.reduce([['a'], 'b'], { field: 'tags', branchIndexes: [0, 3] }));
    expect(error.code).toBe('REDUCER');
    expect(error.field).toBe('tags');
    expect(error.branchIndex).toBe(3);
    expect(error.message).toBe(
      "Reducer 'append' cannot append a string (field 'tags', branch 3); it accepts lists (arrays), null or undefined.",
    );
  });

  it.each([
    [42, 'a number'],
    [{ a: 1 }, 'an object'],
    [true, 'a boolean'],
    [new Set([1]), 'a Set'],
  ])('rejects %p as %s', (value, described) => {
    const error = reducerError(() => appendReducer.reduce([value], ctx(1)));
    expect(error.message).toContain(described);
    expect(error.branchIndex).toBe(0);
  });
});

describe('union', () => {
  it('dedupes, keeping first-occurrence order', () => {
    expect(unionReducer.name).toBe('union');
    expect(unionReducer.reduce([['b', 'a'], ['c', 'a', 'b', 'd']], ctx(2))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('dedupes within one branch too', () => {
    expect(unionReducer.reduce([[1, 1, 2, 1]], ctx(1))).toEqual([1, 2]);
  });

  it('compares objects and arrays structurally, whatever the key order', () => {
    const out = unionReducer.reduce(
      [
        [{ a: 1, b: { c: [1, 2] } }, [1, 2]],
        [{ b: { c: [1, 2] }, a: 1 }, [1, 2], [2, 1], { a: 1, b: { c: [2, 1] } }],
      ],
      ctx(2),
    );
    expect(out).toEqual([{ a: 1, b: { c: [1, 2] } }, [1, 2], [2, 1], { a: 1, b: { c: [2, 1] } }]);
  });

  it('keeps values of different types apart', () => {
    expect(unionReducer.reduce([[1, '1', true, 'true', null, 'null', 0]], ctx(1))).toEqual([
      1,
      '1',
      true,
      'true',
      null,
      'null',
      0,
    ]);
  });

  it('keeps the first occurrence object, not a later equal one', () => {
    const first = { id: 1 };
    const later = { id: 1 };
    const out = unionReducer.reduce([[first], [later]], ctx(2)) as unknown[];
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(first);
  });

  it('compares class instances by identity', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const p = new Point(1);
    const out = unionReducer.reduce([[p, new Point(1)], [p]], ctx(2)) as unknown[];
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(p);
  });

  it('skips null and undefined branch values', () => {
    expect(unionReducer.reduce([undefined, [1], null, [1, 2]], ctx(4))).toEqual([1, 2]);
  });

  it('rejects a non-list value, naming the field and branch', () => {
    const error = reducerError(() => unionReducer.reduce([[1], 7], { field: 'ids', branchIndexes: [2, 5] }));
    expect(error.field).toBe('ids');
    expect(error.branchIndex).toBe(5);
    expect(error.message).toContain("Reducer 'union' cannot union a number (field 'ids', branch 5)");
  });

  it('rejects a cyclic item with a ReducerError that keeps the cause', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const error = reducerError(() => unionReducer.reduce([[1], [cyclic]], { field: 'ids', branchIndexes: [0, 4] }));
    expect(error.branchIndex).toBe(4);
    expect(error.message).toContain('cyclic');
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
