import { tenantScope, type PortableRecord, type RunSummary } from '@alma/types';
import { requireMethod, type PortableStorage } from './types.js';

/** Writes one imported record with the store's create method (checkpoints as exported, seq and time kept). */
export async function replayRecord(store: PortableStorage, item: Exclude<PortableRecord, { kind: 'run' }>): Promise<void> {
  switch (item.kind) {
    case 'memory':
      await store.saveMemory(item.type, item.record);
      return;
    case 'workflow_outcome':
      await store.saveWorkflowOutcome(item.record);
      return;
    case 'artifact_link':
      await store.saveArtifactLink(item.record);
      return;
    case 'session_handoff':
      await store.saveSessionHandoff(item.record);
      return;
    case 'work_item':
      await store.saveWorkItem(item.record);
      return;
    case 'entity':
      await store.saveEntity(item.record);
      return;
    case 'relationship':
      await store.saveRelationship(item.record);
      return;
    case 'checkpoint':
      await requireMethod(store, 'restoreCheckpoint', 'import checkpoints')(item.record);
      return;
  }
}

/**
 * Restores what the orchestrator told the run catalog (status, agent, metadata); the store derives counts, sizes,
 * branches and times from the restored checkpoints. False when the target has no checkpoint of the run.
 */
export function replayRun(store: PortableStorage, run: RunSummary): Promise<boolean> {
  const updateRun = requireMethod(store, 'updateRun', 'import run statuses');
  return updateRun(
    run.runId,
    { status: run.status, metadata: run.metadata, ...(run.agent !== undefined ? { agent: run.agent } : {}) },
    tenantScope({ tenantId: run.tenantId }),
  );
}

/** The id an issue report names. */
export const idOf = (item: PortableRecord): string => (item.kind === 'run' ? item.record.runId : item.record.id);
