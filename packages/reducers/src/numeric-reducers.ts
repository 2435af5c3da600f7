import { ReducerError } from '@alma/types';
import { isAbsent, rejectValue } from './reducer-error.js';
import type { ReduceContext, StateReducer } from './state-reducer.js';

function numbers(
  name: string,
  action: string,
  values: readonly unknown[],
  ctx: ReduceContext,
  finiteOnly: boolean,
): number[] {
  const out: number[] = [];
  values.forEach((value, i) => {
    if (isAbsent(value)) return;
    const ok = typeof value === 'number' && (finiteOnly ? Number.isFinite(value) : !Number.isNaN(value));
    if (!ok) throw rejectValue(name, action, finiteOnly ? 'finite numbers only' : 'numbers (not NaN) only', value, ctx, i);
    out.push(value);
  });
  return out;
}

/**
 * Sum of the finite numbers (null/undefined skipped; 0 when there are none). The numbers are added in ascending
 * order, so the result does not depend on which branch finished first. An overflow to Infinity is an error.
 */
export const sumReducer: StateReducer = Object.freeze({
  name: 'sum',
  reduce(values: readonly unknown[], ctx: ReduceContext): number {
    const total = numbers('sum', 'sum over', values, ctx, true)
      .sort((a, b) => a - b)
      .reduce((acc, n) => acc + n, 0);
    if (!Number.isFinite(total)) {
      throw new ReducerError(`Reducer 'sum' overflowed to ${total} on field '${ctx.field}'.`, ctx.field);
    }
    return total;
  },
});

/** Largest number (null/undefined skipped; undefined when there are none). */
export const maxReducer: StateReducer = Object.freeze({
  name: 'max',
  reduce(values: readonly unknown[], ctx: ReduceContext): number | undefined {
    const list = numbers('max', 'take the max of', values, ctx, false);
    return list.length === 0 ? undefined : list.reduce((a, b) => Math.max(a, b));
  },
});

/** Smallest number (null/undefined skipped; undefined when there are none). */
export const minReducer: StateReducer = Object.freeze({
  name: 'min',
  reduce(values: readonly unknown[], ctx: ReduceContext): number | undefined {
    const list = numbers('min', 'take the min of', values, ctx, false);
    return list.length === 0 ? undefined : list.reduce((a, b) => Math.min(a, b));
  },
});
