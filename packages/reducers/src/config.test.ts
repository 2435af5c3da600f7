import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@alma/types';
import { parseReducerConfig } from './config.js';
import type { StateReducer } from './state-reducer.js';

const custom: StateReducer = { name: 'custom', reduce: () => 1 };

describe('parseReducerConfig', () => {
  it('fills in defaults', () => {
    expect(parseReducerConfig({})).toEqual({ fieldReducers: {}, defaultReducer: 'last_value', customReducers: {} });
    expect(parseReducerConfig(undefined)).toEqual(parseReducerConfig({}));
  });

  it('keeps a valid config', () => {
    const config = parseReducerConfig({
      fieldReducers: { messages: 'append', cost: 'sum' },
      defaultReducer: 'first_value',
      customReducers: { custom },
    });
    expect(config.fieldReducers).toEqual({ messages: 'append', cost: 'sum' });
    expect(config.defaultReducer).toBe('first_value');
    expect(config.customReducers['custom']).toBe(custom);
  });

  it.each([
    [{ fieldReducers: JSON.parse('{"__proto__": "append"}') as unknown }, 'fieldReducers.__proto__'],
    [{ customReducers: JSON.parse('{"__proto__": 1}') as unknown }, 'customReducers.__proto__'],
    [{ fieldReducers: { a: 5 } }, 'fieldReducers.a'],
    [{ fieldReducers: { a: '' } }, 'fieldReducers.a'],
    [{ fieldReducers: ['append'] }, 'fieldReducers'],
    [{ defaultReducer: '' }, 'defaultReducer'],
    [{ defaultReducer: 3 }, 'defaultReducer'],
    [{ customReducers: { bad: { name: 'bad' } } }, 'customReducers.bad'],
    [{ customReducers: { bad: () => 1 } }, 'customReducers.bad'],
    [{ fieldReducer: { a: 'append' } }, '(root)'],
    ['append', '(root)'],
  ])('rejects %p, naming %s', (input, path) => {
    expect.assertions(3);
    try {
      parseReducerConfig(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
      expect((error as ValidationError).message).toMatch(/^Invalid ReducerConfig: /);
    }
  });
});
