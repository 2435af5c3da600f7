import { ReducerError } from '@alma/types';
import type { ReduceContext } from './state-reducer.js';
import { describeValue } from './values.js';

/** The branch that produced `values[index]` (falls back to `index` when a direct caller gave fewer indexes). */
export function branchOf(ctx: ReduceContext, index: number): number {
  return ctx.branchIndexes[index] ?? index;
}

/**
 * The error a built-in throws for a value it cannot combine, e.g.
 * "Reducer 'sum' cannot sum over a string (field 'score', branch 1); it accepts finite numbers only."
 */
export function rejectValue(
  reducer: string,
  action: string,
  accepted: string,
  value: unknown,
  ctx: ReduceContext,
  index: number,
): ReducerError {
  const branch = branchOf(ctx, index);
  return new ReducerError(
    `Reducer '${reducer}' cannot ${action} ${describeValue(value)} (field '${ctx.field}', branch ${branch}); ` +
      `it accepts ${accepted}.`,
    ctx.field,
    branch,
  );
}

/** null and undefined mean "no value" to every built-in reducer. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}
