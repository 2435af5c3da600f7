/** Where a reduce call happens, so a reducer can name the field and branch in its errors. */
export interface ReduceContext {
  /** The state key being merged. */
  readonly field: string;
  /** `branchIndexes[i]` is the index (in the `states` given to the merger) of the branch that produced `values[i]`. */
  readonly branchIndexes: readonly number[];
}

/**
 * Combines one field's values from parallel branches into one value.
 *
 * `values` holds the field's value from every branch that has the field, in branch order (a branch without the
 * key is left out; a branch whose value is `undefined` or `null` is included). A reducer must not mutate `values`
 * and throws a `ReducerError` (naming `ctx.field` and the branch) for values it cannot combine.
 */
export interface StateReducer {
  readonly name: string;
  reduce(values: readonly unknown[], ctx: ReduceContext): unknown;
}

/** A context for calling a reducer directly: branches 0..count-1. */
export function reduceContext(field: string, count: number): ReduceContext {
  return { field, branchIndexes: Array.from({ length: count }, (_, i) => i) };
}
