import { describe, expect, it } from '@jest/globals';
import { ReducerError, ValidationError } from '@alma/types';
import { BUILTIN_REDUCER_NAMES, BUILTIN_REDUCERS, DEFAULT_REDUCER } from './builtins.js';
import { ReducerRegistry } from './registry.js';
import type { StateReducer } from './state-reducer.js';

const concatStrings: StateReducer = {
  name: 'concat_strings',
  reduce: (values) => values.filter((v) => typeof v === 'string').join(''),
};

describe('ReducerRegistry', () => {
  it('starts with every built-in', () => {
    const registry = new ReducerRegistry();
    expect(registry.names()).toEqual([...BUILTIN_REDUCER_NAMES].sort());
    for (const name of BUILTIN_REDUCER_NAMES) {
      expect(registry.get(name)).toBe(BUILTIN_REDUCERS[name]);
      expect(registry.get(name).name).toBe(name);
    }
    expect(DEFAULT_REDUCER).toBe('last_value');
  });

  it('registers a custom reducer by name and chains', () => {
    const registry = new ReducerRegistry();
    expect(registry.register(concatStrings)).toBe(registry);
    expect(registry.has('concat_strings')).toBe(true);
    expect(registry.get('concat_strings')).toBe(concatStrings);
    expect(registry.names()).toContain('concat_strings');
  });

  it('keeps registries independent', () => {
    new ReducerRegistry().register(concatStrings);
    expect(new ReducerRegistry().has('concat_strings')).toBe(false);
  });

  it('rejects a duplicate name with a ValidationError', () => {
    const registry = new ReducerRegistry().register(concatStrings);
    expect(() => registry.register({ ...concatStrings })).toThrow(ValidationError);
    expect(() => registry.register({ name: 'sum', reduce: () => 0 })).toThrow(
      /reducer named 'sum' is already registered.*override: true/,
    );
    expect(registry.get('sum')).toBe(BUILTIN_REDUCERS.sum);
  });

  it('replaces a reducer with { override: true }, built-ins included', () => {
    const registry = new ReducerRegistry();
    const mySum: StateReducer = { name: 'sum', reduce: () => 42 };
    registry.register(mySum, { override: true });
    expect(registry.get('sum')).toBe(mySum);
  });

  it.each([
    [null, 'reducer'],
    [{ name: '', reduce: () => 1 }, 'reducer.name'],
    [{ name: 'x' }, 'reducer.reduce'],
    [{ reduce: () => 1 }, 'reducer.name'],
  ])('rejects a malformed reducer %p', (bad, path) => {
    expect.assertions(3);
    try {
      new ReducerRegistry().register(bad as unknown as StateReducer);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
      expect((error as ValidationError).message).toContain(path);
    }
  });

  it('get of an unknown name is a ReducerError listing the known names', () => {
    const registry = new ReducerRegistry().register(concatStrings);
    expect.assertions(4);
    try {
      registry.get('appendd');
    } catch (error) {
      expect(error).toBeInstanceOf(ReducerError);
      expect((error as ReducerError).code).toBe('REDUCER');
      expect((error as Error).message).toContain("Unknown reducer 'appendd'");
      expect((error as Error).message).toContain(
        'append, concat_strings, first_value, last_value, max, merge_dict, min, sum, union',
      );
    }
  });
});
