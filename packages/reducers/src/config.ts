import { parseInput, ValidationError } from '@alma/types';
import { z } from 'zod';
import { DEFAULT_REDUCER } from './builtins.js';
import type { StateReducer } from './state-reducer.js';

/** How a StateMerger combines each field. */
export interface ReducerConfig {
  /** Reducer name per state field, e.g. `{ messages: 'append', cost: 'sum' }`. @default {} */
  fieldReducers?: Record<string, string>;
  /** Reducer for every field not listed in `fieldReducers`. @default 'last_value' */
  defaultReducer?: string;
  /**
   * Reducers only this config uses, keyed by the name `fieldReducers` / `defaultReducer` refer to. A key must not
   * shadow a reducer of the registry (register it there with `{ override: true }` instead). @default {}
   */
  customReducers?: Record<string, StateReducer>;
}

/** A ReducerConfig with every default filled in. */
export type ResolvedReducerConfig = Required<ReducerConfig>;

const reducerNameSchema = z.string().min(1, 'must be a non-empty reducer name');

const stateReducerSchema = z.custom<StateReducer>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    (value as { name: string }).name !== '' &&
    typeof (value as { reduce?: unknown }).reduce === 'function',
  { message: 'must be a StateReducer: { name: non-empty string; reduce(values, ctx) }' },
);

export const reducerConfigSchema = z
  .object({
    fieldReducers: z.record(z.string(), reducerNameSchema).default({}),
    defaultReducer: reducerNameSchema.default(DEFAULT_REDUCER),
    customReducers: z.record(z.string().min(1, 'must be a non-empty reducer name'), stateReducerSchema).default({}),
  })
  .strict();

/** Validates a ReducerConfig and fills in defaults; a bad shape is a ValidationError naming each bad key. */
export function parseReducerConfig(input: unknown): ResolvedReducerConfig {
  const parsed = parseInput(reducerConfigSchema, input ?? {}, 'ReducerConfig');
  // zod builds records by assignment and silently drops a '__proto__' key; refuse it instead of ignoring it.
  for (const key of ['fieldReducers', 'customReducers'] as const) {
    const raw = (input as ReducerConfig | undefined)?.[key];
    if (raw !== undefined && Object.hasOwn(raw, '__proto__')) {
      throw new ValidationError(`Invalid ReducerConfig: ${key}.__proto__: '__proto__' cannot be configured.`, [
        { path: `${key}.__proto__`, message: 'cannot be configured' },
      ]);
    }
  }
  return parsed;
}
