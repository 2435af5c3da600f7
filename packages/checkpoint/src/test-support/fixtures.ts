import { MemoryStorage } from '@alma/storage-memory';
import { WorkflowContext, type StorageBackend } from '@alma/types';
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
