import { ValidationError, type Checkpoint } from '@alma/types';

/** A branch to merge: a checkpoint returned by the manager (its id is recorded) or a raw state object. */
export type BranchInput = Checkpoint<object> | Record<string, unknown>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A Checkpoint as the manager returns it: id, runId, seq, stateHash and an object state. */
export function isCheckpoint(value: unknown): value is Checkpoint<object> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['id'] === 'string' &&
    typeof v['runId'] === 'string' &&
    typeof v['seq'] === 'number' &&
    typeof v['stateHash'] === 'string' &&
    SHA256_HEX.test(v['stateHash']) &&
    typeof v['state'] === 'object' &&
    v['state'] !== null
  );
}

/**
 * Splits merge inputs into the states to merge and the `mergedFrom` metadata: checkpoint ids for checkpoints,
 * `branch:<index>` for raw states. A checkpoint of another run is a ValidationError.
 */
export function toMergeInputs(
  branches: readonly BranchInput[],
  runId: string,
): { states: Record<string, unknown>[]; mergedFrom: string[] } {
  if (!Array.isArray(branches)) {
    throw new ValidationError('mergeStates expects an array of branch checkpoints or states.', [
      { path: 'branches', message: 'must be an array' },
    ]);
  }
  const states: Record<string, unknown>[] = [];
  const mergedFrom: string[] = [];
  branches.forEach((branch: unknown, index) => {
    if (isCheckpoint(branch)) {
      if (branch.runId !== runId) {
        throw new ValidationError(
          `mergeStates: branch ${index} is checkpoint '${branch.id}' of run '${branch.runId}', not of run '${runId}'.`,
          [{ path: `branches.${index}.runId`, message: `must be '${runId}'` }],
        );
      }
      states.push(branch.state as Record<string, unknown>);
      mergedFrom.push(branch.id);
    } else {
      states.push(branch as Record<string, unknown>);
      mergedFrom.push(`branch:${index}`);
    }
  });
  return { states, mergedFrom };
}
