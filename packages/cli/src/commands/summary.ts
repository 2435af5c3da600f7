import type { KindCounts } from '@alma/core';
import { plural } from '../format.js';

const LABELS: Record<keyof KindCounts, [string, string]> = {
  memory: ['memory', 'memories'],
  workflow_outcome: ['workflow outcome', 'workflow outcomes'],
  artifact_link: ['artifact link', 'artifact links'],
  session_handoff: ['session handoff', 'session handoffs'],
  work_item: ['work item', 'work items'],
  entity: ['entity', 'entities'],
  relationship: ['relationship', 'relationships'],
  checkpoint: ['checkpoint', 'checkpoints'],
  run: ['run', 'runs'],
};

/** "19 records (6 memories, 1 workflow outcome, ...)"; kinds with none are left out. */
export function describeCounts(total: number, counts: KindCounts): string {
  const parts = (Object.keys(LABELS) as (keyof KindCounts)[])
    .filter((kind) => counts[kind] > 0)
    .map((kind) => plural(counts[kind], ...LABELS[kind]));
  return `${plural(total, 'record')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
