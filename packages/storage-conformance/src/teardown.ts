/**
 * Runs every release step of a test file in order (close stores, drop schemas, end the admin pool), each even when an
 * earlier one fails, so one broken close cannot leave the rest open: an open pool keeps jest's process alive, which
 * turns a failure into a hang. Throws the first error once every step has run (an AggregateError for several).
 * Write steps so that they tolerate what a failed `beforeAll` never created: `() => store?.close()`.
 */
export async function releaseAll(...steps: ReadonlyArray<() => unknown>): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} release steps failed`);
}
