import { ReducerError } from '@alma/types';
import { canonicalKeyer } from './canonical-key.js';
import { branchOf, isAbsent, rejectValue } from './reducer-error.js';
import type { ReduceContext, StateReducer } from './state-reducer.js';

function* listItems(name: string, action: string, values: readonly unknown[], ctx: ReduceContext): Generator<[unknown, number]> {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isAbsent(value)) continue;
    if (!Array.isArray(value)) throw rejectValue(name, action, 'lists (arrays), null or undefined', value, ctx, i);
    for (const item of value) yield [item, i];
  }
}

/** Concatenates the branches' lists in branch order; null/undefined are skipped, any other non-list is an error. */
export const appendReducer: StateReducer = Object.freeze({
  name: 'append',
  reduce(values: readonly unknown[], ctx: ReduceContext): unknown[] {
    const out: unknown[] = [];
    for (const [item] of listItems('append', 'append', values, ctx)) out.push(item);
    return out;
  },
});

/**
 * Concatenates the branches' lists and drops repeated items, keeping each item's first occurrence. Items compare
 * structurally (objects and arrays by canonical JSON with sorted keys), so `{a: 1, b: 2}` equals `{b: 2, a: 1}`.
 */
export const unionReducer: StateReducer = Object.freeze({
  name: 'union',
  reduce(values: readonly unknown[], ctx: ReduceContext): unknown[] {
    const keyOf = canonicalKeyer();
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const [item, i] of listItems('union', 'union', values, ctx)) {
      let key: string;
      try {
        key = keyOf(item);
      } catch (cause) {
        const branch = branchOf(ctx, i);
        throw new ReducerError(
          `Reducer 'union' cannot compare an item of field '${ctx.field}' (branch ${branch}): ${(cause as Error).message}.`,
          ctx.field,
          branch,
          { cause },
        );
      }
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    return out;
  },
});
