// The API's answers as the page receives them: the server's own types, with Dates as ISO strings.
import type { ErrorBody } from '../../server/errors.js';
import type { HealthReport } from '../../server/health.js';
import type { LearningEvent } from '../../server/learning/events.js';
import type { TimelinePage } from '../../server/learning/timeline.js';
import type { MemoryDetail } from '../../server/memories/detail.js';
import type { MemoryKind, MemoryRow, SortKey } from '../../server/memories/kinds.js';
import type { MemoryPage } from '../../server/memories/list.js';
import type { PlaygroundResult } from '../../server/retrieval.js';
import type { RunGraph, GraphNode } from '../../server/runs/graph.js';
import type { CheckpointState, StateDiff } from '../../server/runs/state.js';
import type { RunPage, RunSummary } from '@alma/types';

/** T as JSON.parse(JSON.stringify(t)) gives it back. */
export type Json<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type { MemoryKind, SortKey };
export type ApiErrorBody = ErrorBody['error'];
export type Row = Json<MemoryRow>;
export type MemoryPageJson = Json<MemoryPage>;
export type MemoryDetailJson = Json<MemoryDetail>;
export type EventJson = Json<LearningEvent>;
export type TimelineJson = Json<TimelinePage>;
export type PlaygroundJson = Json<PlaygroundResult>;
export type RunPageJson = Json<RunPage>;
export type RunJson = Json<RunSummary>;
export type NodeJson = Json<GraphNode>;
export type RunGraphJson = { run: RunJson; graph: Json<RunGraph> };
export type StateJson = Json<CheckpointState>;
export type DiffJson = Json<StateDiff>;
export type HealthJson = Json<HealthReport>;

export interface Meta {
  version: string;
  projectId: string;
  adapter: string;
  binding: { tenantId?: string; admin: boolean; allowWrites: boolean };
  agents: string[];
  kinds: Array<{ kind: MemoryKind; label: string; sorts: SortKey[] }>;
  retrievalScopes: string[];
  maxStateBytes: number;
}
