import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { AlmaError, ReducerError, ValidationError } from '@alma/types';
import { ReducerRegistry } from './registry.js';
import type { StateReducer } from './state-reducer.js';
import { mergeStates, StateMerger } from './state-merger.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('StateMerger.merge', () => {
  it('gives {} for no states', () => {
    expect(new StateMerger().merge([])).toEqual({});
  });

  it('gives a deep copy of a single state', () => {
    const state = { list: [1, { a: 2 }], nested: { b: [3] } };
    const out = new StateMerger({ fieldReducers: { list: 'sum' } }).merge([state]);
    expect(out).toEqual(state);
    expect(out).not.toBe(state);
    expect(out['list']).not.toBe(state.list);
    expect(out['nested']).not.toBe(state.nested);
  });

  it('uses last_value for fields without a configured reducer', () => {
    expect(new StateMerger().merge([{ a: 1, b: 'x' }, { a: 2 }, { a: null, b: undefined }])).toEqual({ a: 2, b: 'x' });
  });

  it('uses the configured reducer per field and the configured default', () => {
    const merger = new StateMerger({
      fieldReducers: { messages: 'append', cost: 'sum', seen: 'union', meta: 'merge_dict', best: 'max' },
      defaultReducer: 'first_value',
    });
    const out = merger.merge([
      { messages: ['a'], cost: 1.5, seen: [1, 2], meta: { x: 1 }, best: 3, status: 'started' },
      { messages: ['b', 'c'], cost: 2, seen: [2, 3], meta: { y: 2 }, best: 7, status: 'done' },
    ]);
    expect(out).toEqual({
      messages: ['a', 'b', 'c'],
      cost: 3.5,
      seen: [1, 2, 3],
      meta: { x: 1, y: 2 },
      best: 7,
      status: 'started',
    });
  });

  it('orders keys by first appearance across branches', () => {
    const out = new StateMerger().merge([{ b: 1, a: 1 }, { c: 1, a: 2 }, { d: 1, b: 2 }]);
    expect(Object.keys(out)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('hands a reducer only the branches that have the field, with their indexes', () => {
    const calls: Array<{ values: readonly unknown[]; field: string; branchIndexes: readonly number[] }> = [];
    const spy: StateReducer = {
      name: 'spy',
      reduce(values, ctx) {
        calls.push({ values: [...values], field: ctx.field, branchIndexes: [...ctx.branchIndexes] });
        return 'merged';
      },
    };
    const out = new StateMerger({ defaultReducer: 'spy', customReducers: { spy } }).merge([
      { a: 1 },
      { b: 2 },
      { a: undefined, b: 3 },
    ]);
    expect(out).toEqual({ a: 'merged', b: 'merged' });
    expect(calls).toEqual([
      { values: [1, undefined], field: 'a', branchIndexes: [0, 2] },
      { values: [2, 3], field: 'b', branchIndexes: [1, 2] },
    ]);
  });

  it('keeps a field whose reducer finds no value, as undefined', () => {
    const out = new StateMerger({ fieldReducers: { best: 'max' } }).merge([{ best: null }, { other: 1 }]);
    expect(Object.keys(out)).toEqual(['best', 'other']);
    expect(out['best']).toBeUndefined();
  });

  it('reports the branch index of a bad value from the reducer', () => {
    const error = catchError(() =>
      new StateMerger({ fieldReducers: { tags: 'append' } }).merge([{ tags: ['a'] }, { x: 1 }, { tags: 'b' }]),
    );
    expect(error).toBeInstanceOf(ReducerError);
    expect((error as ReducerError).field).toBe('tags');
    expect((error as ReducerError).branchIndex).toBe(2);
    expect(error.message).toContain("field 'tags', branch 2");
  });

  it('rejects a state that is not a plain object, naming its index', () => {
    const merger = new StateMerger();
    for (const bad of [null, [1], 'state', new Date(), new Map()] as unknown[]) {
      const error = catchError(() => merger.merge([{ a: 1 }, bad as Record<string, unknown>]));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('Branch state 1 must be a plain object');
      expect((error as ValidationError).issues[0]?.path).toBe('states.1');
    }
    // a single state is checked too
    expect(() => merger.merge([[] as unknown as Record<string, unknown>])).toThrow(/Branch state 0/);
  });

  it('accepts states from another realm (e.g. structuredClone under jest, vm contexts)', () => {
    const foreign = runInNewContext('[{ tags: ["a"] }, { tags: ["b"] }]') as Array<Record<string, unknown>>;
    expect(mergeStates(foreign, { fieldReducers: { tags: 'append' } })).toEqual({ tags: ['a', 'b'] });
  });

  it('rejects states that are not an array', () => {
    const error = catchError(() => new StateMerger().merge({ a: 1 } as unknown as Record<string, unknown>[]));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('expects an array of branch states, got an object');
  });

  it('never mutates its inputs, and the result shares no objects with them', () => {
    const states = deepFreeze([
      { messages: [{ role: 'user', text: 'hi' }], meta: { a: { deep: 1 } }, seen: [[1]], n: 1 },
      { messages: [{ role: 'ai', text: 'yo' }], meta: { b: 2 }, seen: [[1], [2]], n: 2 },
    ]);
    const before = structuredClone(states);
    const out = new StateMerger({
      fieldReducers: { messages: 'append', meta: 'merge_dict', seen: 'union', n: 'sum' },
    }).merge(states);
    expect(states).toEqual(before);
    const messages = out['messages'] as Array<Record<string, unknown>>;
    expect(messages[0]).toEqual({ role: 'user', text: 'hi' });
    expect(messages[0]).not.toBe(states[0]?.messages[0]);
    expect((out['meta'] as Record<string, unknown>)['a']).not.toBe(states[0]?.meta.a);
    expect((out['seen'] as unknown[])[0]).not.toBe(states[0]?.seen[0]);
    // the result is writable even though the inputs were frozen
    messages.push({ role: 'x', text: 'y' });
    (out['meta'] as Record<string, unknown>)['c'] = 3;
    expect(states).toEqual(before);
  });

  it('shields inputs from a custom reducer that mutates its values', () => {
    const vandal: StateReducer = {
      name: 'vandal',
      reduce(values) {
        for (const v of values) (v as number[]).push(99);
        return values[0];
      },
    };
    const states = [{ list: [1] }, { list: [2] }];
    const before = structuredClone(states);
    const out = new StateMerger({ defaultReducer: 'vandal', customReducers: { vandal } }).merge(states);
    expect(out).toEqual({ list: [1, 99] });
    expect(states).toEqual(before);
  });

  it('keeps a __proto__ field as data without touching prototypes', () => {
    const states = [JSON.parse('{"__proto__": {"x": 1}}'), JSON.parse('{"__proto__": {"y": 2}, "z": 1}')] as Array<
      Record<string, unknown>
    >;
    const out = new StateMerger().merge(states);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'z']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ y: 2 });
    expect(({} as Record<string, unknown>)['y']).toBeUndefined();
  });

  it('wraps a custom reducer crash in a ReducerError that names reducer and field and keeps the cause', () => {
    const boom = new RangeError('kaput');
    const crash: StateReducer = {
      name: 'crash',
      reduce() {
        throw boom;
      },
    };
    const error = catchError(() =>
      new StateMerger({ fieldReducers: { f: 'crash' }, customReducers: { crash } }).merge([{ f: 1 }, { f: 2 }]),
    );
    expect(error).toBeInstanceOf(ReducerError);
    expect(error.message).toBe("Reducer 'crash' failed on field 'f': kaput");
    expect(error.cause).toBe(boom);
    expect((error as ReducerError).field).toBe('f');

    const throwsString: StateReducer = {
      name: 'str',
      reduce() {
        throw 'nope';
      },
    };
    expect(() => mergeStates([{ f: 1 }, { f: 2 }], { defaultReducer: 'str', customReducers: { str: throwsString } })).toThrow(
      "Reducer 'str' failed on field 'f': nope",
    );
  });

  it('passes AlmaErrors from a custom reducer through unchanged', () => {
    const original = new ValidationError('bad branch data');
    const strict: StateReducer = {
      name: 'strict',
      reduce() {
        throw original;
      },
    };
    const error = catchError(() =>
      mergeStates([{ f: 1 }, { f: 2 }], { defaultReducer: 'strict', customReducers: { strict } }),
    );
    expect(error).toBe(original);
    expect(error).toBeInstanceOf(AlmaError);
  });
});

describe('StateMerger construction', () => {
  it('validates the config shape with a ValidationError', () => {
    expect(() => new StateMerger({ fieldReducers: { a: 1 } } as unknown as object)).toThrow(ValidationError);
    expect(() => new StateMerger({ fieldReducers: { a: 1 } } as unknown as object)).toThrow(/fieldReducers\.a/);
  });

  it('fails fast on an unknown field reducer, naming the field and listing the known names', () => {
    const error = catchError(() => new StateMerger({ fieldReducers: { tags: 'apend' } }));
    expect(error).toBeInstanceOf(ReducerError);
    expect((error as ReducerError).field).toBe('tags');
    expect(error.message).toBe(
      "ReducerConfig.fieldReducers.tags names unknown reducer 'apend'. Known reducers: " +
        'append, first_value, last_value, max, merge_dict, min, sum, union.',
    );
  });

  it('fails fast on an unknown default reducer', () => {
    const error = catchError(() => new StateMerger({ defaultReducer: 'latest', customReducers: { mine: { name: 'mine', reduce: () => 1 } } }));
    expect(error).toBeInstanceOf(ReducerError);
    expect(error.message).toContain("ReducerConfig.defaultReducer names unknown reducer 'latest'");
    expect(error.message).toContain('min, mine, sum');
  });

  it('rejects a custom reducer that shadows a registered one', () => {
    const error = catchError(() => new StateMerger({ customReducers: { sum: { name: 'sum', reduce: () => 0 } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("'sum' is already a registered reducer");
  });

  it('resolves names from a given registry, snapshotting them at construction', () => {
    const registry = new ReducerRegistry().register({ name: 'longest', reduce: (values) => values.reduce(
      (a, b) => (String(b).length > String(a).length ? b : a),
    ) });
    const merger = new StateMerger({ fieldReducers: { text: 'longest' } }, registry);
    expect(merger.reducerFor('text').name).toBe('longest');
    expect(merger.reducerFor('other').name).toBe('last_value');
    registry.register({ name: 'longest', reduce: () => 'replaced' }, { override: true });
    expect(merger.merge([{ text: 'ab' }, { text: 'abc' }, { text: 'a' }])).toEqual({ text: 'abc' });
    expect(() => new StateMerger({ fieldReducers: { text: 'longest' } })).toThrow(ReducerError);
  });

  it('exposes the validated config with defaults', () => {
    const merger = new StateMerger();
    expect(merger.config).toEqual({ fieldReducers: {}, defaultReducer: 'last_value', customReducers: {} });
    expect(Object.isFrozen(merger.config)).toBe(true);
  });
});

describe('mergeStates', () => {
  it('merges with an optional config', () => {
    expect(mergeStates([{ a: 1 }, { a: 2 }])).toEqual({ a: 2 });
    expect(mergeStates([{ a: 1 }, { a: 2 }], { fieldReducers: { a: 'sum' } })).toEqual({ a: 3 });
  });
});
