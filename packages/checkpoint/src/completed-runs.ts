import type { RunStatus, WorkflowResult } from '@alma/types';

/** The run catalog status of a run that ended with `result`. */
export const STATUS_OF: Readonly<Record<WorkflowResult, RunStatus>> = {
  success: 'completed',
  partial: 'completed',
  failure: 'failed',
  timeout: 'failed',
  cancelled: 'cancelled',
};

/**
 * Runs this manager has completed, so a late write from a cancelled worker in the same process cannot bring a
 * run back after `completeRun()` (bounded: the oldest entries are forgotten first).
 */
export class CompletedRuns {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  private static key(tenantId: string | undefined, runId: string): string {
    return JSON.stringify([tenantId ?? null, runId]);
  }

  add(tenantId: string | undefined, runId: string): void {
    const key = CompletedRuns.key(tenantId, runId);
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
  }

  has(tenantId: string | undefined, runId: string): boolean {
    return this.keys.has(CompletedRuns.key(tenantId, runId));
  }
}
