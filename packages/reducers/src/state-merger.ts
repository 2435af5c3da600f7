import { isAlmaError, ReducerError, ValidationError } from '@alma/types';
import { parseReducerConfig, type ReducerConfig, type ResolvedReducerConfig } from './config.js';
import { ReducerRegistry } from './registry.js';
import type { StateReducer } from './state-reducer.js';
import { deepCopy, describeValue, isPlainObject, setOwn } from './values.js';

/**
 * Merges the states of parallel branches into one state, field by field, with the reducer configured for each
 * field (`last_value` unless configured otherwise). Every reducer name is resolved when the merger is constructed,
 * so a typo fails at once, not at the first merge. The merger never mutates its inputs and its result shares no
 * objects with them.
 */
export class StateMerger {
  /** The validated config, defaults filled in. */
  readonly config: Readonly<ResolvedReducerConfig>;
  private readonly byField = new Map<string, StateReducer>();
  private readonly fallback: StateReducer;

  /**
   * @param config which reducer each field uses; validated (bad shape -> ValidationError, unknown reducer name ->
   *   ReducerError listing the known names).
   * @param registry where reducer names are looked up. @default a new ReducerRegistry with the built-ins
   */
  constructor(config: ReducerConfig = {}, registry: ReducerRegistry = new ReducerRegistry()) {
    const parsed = parseReducerConfig(config);
    this.config = Object.freeze(parsed);
    const custom = new Map(Object.entries(parsed.customReducers));
    for (const name of custom.keys()) {
      if (registry.has(name)) {
        throw new ValidationError(
          `ReducerConfig.customReducers.${name}: '${name}' is already a registered reducer. ` +
            'Choose another name, or replace it with registry.register(reducer, { override: true }).',
          [{ path: `customReducers.${name}`, message: 'shadows a registered reducer' }],
        );
      }
    }
    const resolve = (name: string, path: string, field?: string): StateReducer => {
      const local = custom.get(name);
      if (local !== undefined) return local;
      if (registry.has(name)) return registry.get(name);
      const known = [...new Set([...registry.names(), ...custom.keys()])].sort();
      throw new ReducerError(
        `ReducerConfig.${path} names unknown reducer '${name}'. Known reducers: ${known.join(', ')}.`,
        field,
      );
    };
    this.fallback = resolve(parsed.defaultReducer, 'defaultReducer');
    for (const [field, name] of Object.entries(parsed.fieldReducers)) {
      this.byField.set(field, resolve(name, `fieldReducers.${field}`, field));
    }
  }

  /** The reducer `field` is merged with. */
  reducerFor(field: string): StateReducer {
    return this.byField.get(field) ?? this.fallback;
  }

  /**
   * Merges branch states: `[]` gives `{}`, one state gives a deep copy of it, more are reduced per key over the
   * union of their keys (in order of first appearance). A key's reducer sees the values of the branches that have
   * the key, in branch order. A state that is not a plain object is a ValidationError naming its index.
   */
  merge(states: readonly Record<string, unknown>[]): Record<string, unknown> {
    if (!Array.isArray(states)) {
      throw new ValidationError(`StateMerger.merge expects an array of branch states, got ${describeValue(states)}.`, [
        { path: 'states', message: 'must be an array' },
      ]);
    }
    states.forEach((state: unknown, index) => {
      if (!isPlainObject(state)) {
        throw new ValidationError(
          `Branch state ${index} must be a plain object (a field -> value record), got ${describeValue(state)}.`,
          [{ path: `states.${index}`, message: 'must be a plain object' }],
        );
      }
    });
    // Reducers work on a copy: nothing they return (or do) can reach the caller's objects.
    const copies = deepCopy(states as Record<string, unknown>[]);
    if (copies.length === 0) return {};
    if (copies.length === 1) return copies[0] as Record<string, unknown>;

    const keys = new Set<string>();
    for (const state of copies) for (const key of Object.keys(state)) keys.add(key);

    const merged: Record<string, unknown> = {};
    for (const field of keys) {
      const values: unknown[] = [];
      const branchIndexes: number[] = [];
      copies.forEach((state, index) => {
        if (Object.hasOwn(state, field)) {
          values.push(state[field]);
          branchIndexes.push(index);
        }
      });
      setOwn(merged, field, this.reduceField(field, values, branchIndexes));
    }
    return merged;
  }

  private reduceField(field: string, values: unknown[], branchIndexes: number[]): unknown {
    const reducer = this.reducerFor(field);
    try {
      return reducer.reduce(values, { field, branchIndexes });
    } catch (cause) {
      if (isAlmaError(cause)) throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ReducerError(`Reducer '${reducer.name}' failed on field '${field}': ${reason}`, field, undefined, {
        cause,
      });
    }
  }
}

/** One-shot `new StateMerger(config, registry).merge(states)`. */
export function mergeStates(
  states: readonly Record<string, unknown>[],
  config?: ReducerConfig,
  registry?: ReducerRegistry,
): Record<string, unknown> {
  return new StateMerger(config, registry).merge(states);
}
