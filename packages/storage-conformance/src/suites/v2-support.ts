import type { PortableRecord, PortableStore, RunCatalog, StorageBackend } from '@alma/types';

/** A store with the run catalog and portability methods (every adapter of contract v2). */
export type FullStore = StorageBackend & RunCatalog & PortableStore;
export const full = (store: StorageBackend): FullStore => store as FullStore;

export async function collect(records: AsyncIterable<PortableRecord>): Promise<PortableRecord[]> {
  const out: PortableRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

/** Replays an export into a store through the contract's write methods (what `alma import` does). */
export async function replay(target: FullStore, records: readonly PortableRecord[]): Promise<void> {
  for (const item of records) {
    switch (item.kind) {
      case 'memory':
        await target.saveMemory(item.type, item.record);
        break;
      case 'workflow_outcome':
        await target.saveWorkflowOutcome(item.record);
        break;
      case 'artifact_link':
        await target.saveArtifactLink(item.record);
        break;
      case 'session_handoff':
        await target.saveSessionHandoff(item.record);
        break;
      case 'work_item':
        await target.saveWorkItem(item.record);
        break;
      case 'entity':
        await target.saveEntity(item.record);
        break;
      case 'relationship':
        await target.saveRelationship(item.record);
        break;
      case 'checkpoint':
        await target.restoreCheckpoint(item.record);
        break;
      case 'run': {
        const { status, agent, metadata, tenantId } = item.record;
        await target.updateRun(item.record.runId, { status, ...(agent ? { agent } : {}), metadata }, tenantId ? { tenantId } : {});
        break;
      }
    }
  }
}

/** A stable key per exported record, to compare two exports as sets. */
export const exportKey = (r: PortableRecord): string =>
  r.kind === 'run' ? `run:${r.record.runId}` : `${r.kind}:${'type' in r ? r.type : ''}:${r.record.id}`;
