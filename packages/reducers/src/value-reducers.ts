import { isAbsent, rejectValue } from './reducer-error.js';
import type { ReduceContext, StateReducer } from './state-reducer.js';
import { isPlainObject, setOwn } from './values.js';

/** The last value that is not null/undefined (undefined when there is none). The default reducer. */
export const lastValueReducer: StateReducer = Object.freeze({
  name: 'last_value',
  reduce(values: readonly unknown[]): unknown {
    for (let i = values.length - 1; i >= 0; i--) if (!isAbsent(values[i])) return values[i];
    return undefined;
  },
});

/** The first value that is not null/undefined (undefined when there is none). */
export const firstValueReducer: StateReducer = Object.freeze({
  name: 'first_value',
  reduce(values: readonly unknown[]): unknown {
    return values.find((value) => !isAbsent(value));
  },
});

/**
 * Shallow merge of plain objects in branch order; a later branch's key overwrites an earlier one's (like
 * `{ ...a, ...b }`). null/undefined are skipped; any other non-plain-object is an error. `{}` when nothing to merge.
 */
export const mergeDictReducer: StateReducer = Object.freeze({
  name: 'merge_dict',
  reduce(values: readonly unknown[], ctx: ReduceContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    values.forEach((value, i) => {
      if (isAbsent(value)) return;
      if (!isPlainObject(value)) throw rejectValue('merge_dict', 'merge', 'plain objects, null or undefined', value, ctx, i);
      for (const key of Object.keys(value)) setOwn(out, key, value[key]);
    });
    return out;
  },
});
