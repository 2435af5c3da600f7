import { MemoryStorage } from '@alma/storage-memory';
import { WorkflowContext, type NewCheckpoint, type StorageBackend } from '@alma/types';
import { CheckpointManager } from '../checkpoint-manager.js';
import type { CheckpointManagerOptions } from '../options.js';

let counter = 0;

/** A fresh in-memory store and a manager over it. */
export function setup(options: CheckpointManagerOptions = {}, storage: StorageBackend = new MemoryStorage()) {
  return { storage, manager: new CheckpointManager(storage, options) };
}

/** A context of a new, unique run. */
export function runContext(fields: { tenantId?: string; branchId?: string } = {}): WorkflowContext {
  counter += 1;
  return WorkflowContext.from({ workflowId: 'wf', runId: `run-${counter}-${Date.now()}`, ...fields });
}

/** A controllable clock. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

/** The v2-only members a storage contract v1 store does not have. */
const V2_MEMBERS = new Set<PropertyKey>(['listRuns', 'getRun', 'updateRun', 'exportRecords', 'restoreCheckpoint']);

/**
 * A storage contract v1 store: MemoryStorage without run catalog or export; `inputs` records what the manager
 * handed to saveCheckpoint.
 */
export function v1Store(inner = new MemoryStorage()): { store: StorageBackend; inputs: NewCheckpoint[] } {
  const inputs: NewCheckpoint[] = [];
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (V2_MEMBERS.has(prop)) return undefined;
      if (prop === 'saveCheckpoint') {
        return (input: NewCheckpoint) => {
          inputs.push(input);
          return target.saveCheckpoint(input);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as StorageBackend;
  return { store, inputs };
}

/** A list of `n` chat messages of about 130 bytes each. */
export function messages(n: number, from = 1): Array<{ id: string; role: string; content: string }> {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${from + i}`,
    role: (from + i) % 2 === 0 ? 'user' : 'assistant',
    content: `Message ${from + i}: the agent checked the logs again and wrote down what it found so far.`,
  }));
}
