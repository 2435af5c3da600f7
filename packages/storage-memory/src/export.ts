import { MEMORY_TYPES, type PortableRecord } from '@alma/types';
import { summarize } from './runs.js';
import type { StoreState } from './state.js';
import { clone } from './table.js';

/** Every record in import order (see PortableStore.exportRecords), cloned. */
export function* exportRecords(state: StoreState): Generator<PortableRecord> {
  for (const type of MEMORY_TYPES) {
    for (const record of state.memories[type].rows.values()) yield { kind: 'memory', type, record: clone(record) };
  }
  for (const record of state.workflowOutcomes.rows.values()) yield { kind: 'workflow_outcome', record: clone(record) };
  for (const record of state.artifactLinks.rows.values()) yield { kind: 'artifact_link', record: clone(record) };
  for (const record of state.sessionHandoffs.rows.values()) yield { kind: 'session_handoff', record: clone(record) };
  for (const record of state.workItems.rows.values()) yield { kind: 'work_item', record: clone(record) };
  for (const record of state.entities.rows.values()) yield { kind: 'entity', record: clone(record) };
  for (const record of state.relationships.rows.values()) yield { kind: 'relationship', record: clone(record) };
  const checkpoints = [...state.checkpoints.rows.values()].sort(
    (a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.seq - b.seq),
  );
  for (const record of checkpoints) yield { kind: 'checkpoint', record: clone(record) };
  for (const run of state.runs.rows.values()) {
    if (!run.deletedAt) yield { kind: 'run', record: summarize(state, run) };
  }
}
