import { ReducerError, ValidationError } from '@alma/types';
import { BUILTIN_REDUCERS } from './builtins.js';
import type { StateReducer } from './state-reducer.js';

export interface RegisterOptions {
  /** Replace a reducer already registered under the same name (built-ins included). @default false */
  override?: boolean;
}

/** Checks the shape of a reducer handed in from outside; throws ValidationError naming `path`. */
export function assertStateReducer(value: unknown, path: string): asserts value is StateReducer {
  const candidate = value as Partial<StateReducer> | null | undefined;
  const issues: Array<{ path: string; message: string }> = [];
  if (typeof candidate !== 'object' || candidate === null) {
    issues.push({ path, message: 'must be an object with a name and a reduce function' });
  } else {
    if (typeof candidate.name !== 'string' || candidate.name.trim() === '') {
      issues.push({ path: `${path}.name`, message: 'must be a non-empty string' });
    }
    if (typeof candidate.reduce !== 'function') issues.push({ path: `${path}.reduce`, message: 'must be a function' });
  }
  if (issues.length > 0) {
    throw new ValidationError(`Invalid reducer: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
}

/**
 * Reducers by name. Starts with the built-ins (append, merge_dict, last_value, first_value, sum, max, min, union);
 * add your own with `register`. A StateMerger resolves every name it needs when it is constructed.
 */
export class ReducerRegistry {
  private readonly reducers = new Map<string, StateReducer>(Object.entries(BUILTIN_REDUCERS));

  /** Adds a reducer under `reducer.name`; a taken name is a ValidationError unless `{ override: true }`. */
  register(reducer: StateReducer, options: RegisterOptions = {}): this {
    assertStateReducer(reducer, 'reducer');
    if (this.reducers.has(reducer.name) && !options.override) {
      throw new ValidationError(
        `A reducer named '${reducer.name}' is already registered. Pick another name or pass { override: true }.`,
        [{ path: 'reducer.name', message: 'already registered' }],
      );
    }
    this.reducers.set(reducer.name, reducer);
    return this;
  }

  has(name: string): boolean {
    return this.reducers.has(name);
  }

  /** The reducer registered as `name`; an unknown name is a ReducerError listing the known names. */
  get(name: string): StateReducer {
    const reducer = this.reducers.get(name);
    if (reducer === undefined) {
      throw new ReducerError(`Unknown reducer '${name}'. Known reducers: ${this.names().join(', ')}.`);
    }
    return reducer;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.reducers.keys()].sort();
  }
}
