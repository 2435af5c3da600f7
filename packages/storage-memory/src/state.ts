import type {
  ArtifactRef,
  CheckpointRecord,
  Entity,
  MemoryRecord,
  MemoryType,
  Relationship,
  RunStatus,
  SessionHandoff,
  WorkflowOutcome,
  WorkItem,
} from '@alma/types';
import { Table } from './table.js';

/** What the catalog keeps per run beside its checkpoints; `deletedAt` marks a tombstone. */
export interface RunRow {
  id: string;
  tenantId?: string;
  workflowId?: string;
  agent?: string;
  status: RunStatus;
  metadata: Record<string, unknown>;
  latestSeq: number;
  firstAt: Date;
  lastAt: Date;
  deletedAt?: Date;
}

/** Everything the in-memory store holds; one Table per record kind. */
export interface StoreState {
  memories: Record<MemoryType, Table<MemoryRecord>>;
  checkpoints: Table<CheckpointRecord>;
  runs: Table<RunRow>;
  workflowOutcomes: Table<WorkflowOutcome>;
  artifactLinks: Table<ArtifactRef>;
  sessionHandoffs: Table<SessionHandoff>;
  workItems: Table<WorkItem>;
  entities: Table<Entity>;
  relationships: Table<Relationship>;
}

export function emptyState(): StoreState {
  return {
    memories: {
      heuristic: new Table('heuristic'),
      outcome: new Table('outcome'),
      user_preference: new Table('user preference'),
      domain_knowledge: new Table('domain knowledge'),
      anti_pattern: new Table('anti-pattern'),
    },
    checkpoints: new Table('checkpoint'),
    runs: new Table('run'),
    workflowOutcomes: new Table('workflow outcome'),
    artifactLinks: new Table('artifact link'),
    sessionHandoffs: new Table('session handoff'),
    workItems: new Table('work item'),
    entities: new Table('entity'),
    relationships: new Table('relationship'),
  };
}
