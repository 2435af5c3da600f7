import { appendReducer, unionReducer } from './list-reducers.js';
import { maxReducer, minReducer, sumReducer } from './numeric-reducers.js';
import type { StateReducer } from './state-reducer.js';
import { firstValueReducer, lastValueReducer, mergeDictReducer } from './value-reducers.js';

export const BUILTIN_REDUCER_NAMES = [
  'append',
  'merge_dict',
  'last_value',
  'first_value',
  'sum',
  'max',
  'min',
  'union',
] as const;
export type BuiltinReducerName = (typeof BUILTIN_REDUCER_NAMES)[number];

/** The built-in reducers by name; every ReducerRegistry starts with these. */
export const BUILTIN_REDUCERS: Readonly<Record<BuiltinReducerName, StateReducer>> = Object.freeze({
  append: appendReducer,
  merge_dict: mergeDictReducer,
  last_value: lastValueReducer,
  first_value: firstValueReducer,
  sum: sumReducer,
  max: maxReducer,
  min: minReducer,
  union: unionReducer,
});

/** The reducer a field without an entry in `fieldReducers` uses. */
export const DEFAULT_REDUCER: BuiltinReducerName = 'last_value';
