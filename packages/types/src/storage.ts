import type { ArtifactRef } from './artifact.js';
import type { CheckpointRecord, NewCheckpoint } from './checkpoint.js';
import type { Entity, Relationship } from './graph.js';
import type { MemoryPatch, MemoryRecordMap, MemoryType } from './memory.js';
import type { WorkItem, WorkItemStatus } from './progress.js';
import type { RunPage, RunPatch, RunQuery, RunSummary } from './runs.js';
import type { ScopeFilter } from './scope-fields.js';
import type { SessionHandoff } from './session.js';
import type { WorkflowOutcome, WorkflowResult } from './workflow-outcome.js';

/** What an adapter supports, declared instead of quietly doing less. */
export interface StorageCapabilities {
  /** Adapter name used in error messages, e.g. 'sqlite'. */
  readonly name: string;
  /** 'native': the store ranks by similarity itself; 'in-process': candidates are ranked in JS. */
  readonly vectorSearch: 'native' | 'in-process';
  /** Multi-record writes are atomic. */
  readonly transactions: boolean;
  /** Several OS processes may share one store safely. */
  readonly multiProcess: boolean;
  /** Largest single record the store accepts, in bytes, if it has a limit. */
  readonly maxRecordBytes?: number;
}

/** A record with the cosine similarity of its embedding to the query embedding, when one was given. */
export interface Scored<T> {
  readonly record: T;
  readonly similarity?: number;
}

/**
 * A memory read. `scope` is mandatory: it carries tenant isolation. Optional filters narrow by equality.
 * Ordering: with `embedding`, by cosine similarity descending (records without an embedding, or with another
 * dimension, are left out); without, newest first by the type's time field (heuristic lastValidated, outcome and
 * preference timestamp, domain knowledge lastVerified, anti-pattern lastSeen). Ties break by id ascending.
 */
export interface MemoryQuery {
  readonly scope: ScopeFilter;
  readonly projectId?: string;
  /** Owning agents to include; undefined = every agent in scope. (Ignored for user preferences.) */
  readonly agents?: readonly string[];
  readonly embedding?: Float32Array;
  /** @default 5, at most MAX_QUERY_TOP_K */
  readonly topK?: number;
  /** heuristic, domain_knowledge, user_preference: confidence >= minConfidence. */
  readonly minConfidence?: number;
  /** outcome only. */
  readonly taskType?: string;
  /** outcome only. */
  readonly successOnly?: boolean;
  /** domain_knowledge only. */
  readonly domain?: string;
  /** user_preference only. */
  readonly userId?: string;
  /** user_preference only. */
  readonly category?: string;
}

/** A bulk delete: `olderThan` uses the type's time field; `belowConfidence` applies to types with confidence. */
export interface MemoryDeleteFilter {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  readonly agent?: string;
  readonly olderThan?: Date;
  readonly belowConfidence?: number;
}

export interface StatsQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  readonly agent?: string;
}

export interface StorageStats {
  readonly projectId: string;
  readonly agent?: string;
  readonly counts: Readonly<Record<MemoryType, number>>;
  readonly workflowOutcomes: number;
  /** Sum of the five memory counts. */
  readonly totalMemories: number;
}

export interface CheckpointListOptions {
  /** Only this branch; null = only the main line (no branch); undefined = every branch. */
  readonly branchId?: string | null;
  /** Only checkpoints with seq > afterSeq (cursor). */
  readonly afterSeq?: number;
  /** @default 100 */
  readonly limit?: number;
}

/**
 * Delete a run's checkpoints. No option = the whole run, and the run is tombstoned: a later saveCheckpoint to it
 * is a ConflictError (a late write of a cancelled worker cannot bring a deleted run back). `keepLast` keeps the N
 * highest seqs of the run; with several options a checkpoint is deleted when it meets every one of them.
 */
export interface CheckpointDeleteOptions {
  readonly keepLast?: number;
  readonly olderThan?: Date;
}

export interface WorkflowOutcomeQuery {
  readonly scope: ScopeFilter;
  readonly projectId?: string;
  readonly agents?: readonly string[];
  readonly workflowId?: string;
  readonly result?: WorkflowResult;
  readonly embedding?: Float32Array;
  /** @default 10 */
  readonly topK?: number;
}

export interface SessionHandoffQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  readonly agent?: string;
  /** @default 50 */
  readonly limit?: number;
}

export interface WorkItemQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  readonly agent?: string;
  readonly status?: WorkItemStatus;
}

export interface EntityQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  /** Case-insensitive exact name match. */
  readonly name?: string;
  readonly entityType?: string;
  /** @default 100 */
  readonly limit?: number;
}

export interface RelationshipQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  /** Relationships touching any of these entities (as source or target, see `direction`). */
  readonly entityIds?: readonly string[];
  /** @default 'both' */
  readonly direction?: 'out' | 'in' | 'both';
  readonly relationType?: string;
  /** Only relationships valid at this instant. */
  readonly asOf?: Date;
  /** @default 1000 */
  readonly limit?: number;
}

/**
 * Entities within `hops` edges of `rootId`. The graph is the entities visible in the scope's tenant and `projectId`,
 * joined by the relationships matching the same tenant and project, `relationTypes` and `asOf` (validFrom null or
 * <= asOf, validTo null or > asOf). An edge is followed source → target for 'out', target → source for 'in', either
 * way for 'both'.
 */
export interface GraphTraversalQuery {
  readonly scope: ScopeFilter;
  readonly projectId: string;
  readonly rootId: string;
  /** 1..MAX_GRAPH_HOPS. */
  readonly hops: number;
  readonly direction: 'out' | 'in' | 'both';
  /** Only these relation types; undefined = every type, [] = none. */
  readonly relationTypes?: readonly string[];
  /** Only relationships valid at this instant; undefined = every relationship, expired and future ones included. */
  readonly asOf?: Date;
  /** Entities returned, the root included: 1..MAX_QUERY_TOP_K. */
  readonly maxEntities: number;
}

/**
 * A neighbourhood, identical on every store. `depth` is the fewest hops from the root. Reached entities are ordered
 * by (depth, id) and the first `maxEntities - 1` are kept; `truncated` says more were reached. `relationships` are
 * the matching edges leaving (in `direction`) the root or a kept entity of depth < hops and arriving at the root or a
 * kept entity, oldest first (createdAt, then id).
 */
export interface GraphTraversal {
  /** The root entity itself. */
  readonly root: Entity;
  /** Root excluded, by (depth, id). */
  readonly entities: ReadonlyArray<{ readonly entity: Entity; readonly depth: number }>;
  readonly relationships: readonly Relationship[];
  /**
   * True when the answer is not complete: more than `maxEntities - 1` entities were reached, or (`walkGraph` only)
   * one entity has more matching edges than a store returns at once (`MAX_QUERY_TOP_K`), so some were not read.
   */
  readonly truncated: boolean;
}

/**
 * The storage contract every ALMA store implements (SQLite, PostgreSQL, Cosmos DB, in-memory).
 *
 * Rules every adapter follows (the conformance suite checks each):
 * - Every read and every update/delete by id takes a ScopeFilter; a record outside it is invisible
 *   (returns undefined / false / not listed). Tenant isolation is enforced in the query, never after.
 * - Memories, checkpoints and workflow outcomes match the whole filter (`matchesScope`); artifact links, session
 *   handoffs, work items and graph records match only its tenant part (`tenantScope`).
 * - `save*` creates; a duplicate id is a ConflictError. Changes go through the scoped `update*` methods.
 * - Records round-trip exactly: every field, strings verbatim (including quotes, SQL/NoSQL syntax, unicode).
 * - Inputs are validated with the zod schemas of this package before they reach the store.
 * - Errors from the driver surface as StorageError naming the adapter, with the cause kept.
 */
export interface StorageBackend extends RunCatalog, PortableStore {
  readonly capabilities: StorageCapabilities;

  // --- memories (the five types) ---------------------------------------------------------------
  saveMemory<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): Promise<string>;
  /** All or nothing where the store has transactions. */
  saveMemories<T extends MemoryType>(type: T, records: readonly MemoryRecordMap[T][]): Promise<string[]>;
  getMemory<T extends MemoryType>(type: T, id: string, scope: ScopeFilter): Promise<MemoryRecordMap[T] | undefined>;
  queryMemories<T extends MemoryType>(type: T, query: MemoryQuery): Promise<Scored<MemoryRecordMap[T]>[]>;
  updateMemory<T extends MemoryType>(type: T, id: string, patch: MemoryPatch<T>, scope: ScopeFilter): Promise<boolean>;
  /** Atomically occurrenceCount += 1, successCount += success ? 1 : 0, lastValidated = now. */
  incrementHeuristicOccurrence(id: string, success: boolean, scope: ScopeFilter): Promise<boolean>;
  /** Deletes the memory and its artifact links. */
  deleteMemory(type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean>;
  /** Deletes matching memories (and their artifact links); returns how many. */
  deleteMemories(type: MemoryType, filter: MemoryDeleteFilter): Promise<number>;
  getStats(query: StatsQuery): Promise<StorageStats>;

  // --- checkpoints -----------------------------------------------------------------------------
  /** Assigns the next seq of the run atomically in the store; concurrent writers never share a seq. */
  saveCheckpoint(checkpoint: NewCheckpoint): Promise<CheckpointRecord>;
  getCheckpoint(id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined>;
  /**
   * Highest seq of the run. `options.branchId` (or `scope.branchId`) narrows to a branch; `options.branchId: null`
   * to the main line.
   */
  getLatestCheckpoint(
    runId: string,
    scope: ScopeFilter,
    options?: { readonly branchId?: string | null },
  ): Promise<CheckpointRecord | undefined>;
  /** The highest-seq checkpoint of each branch of the run (no-branch counts as one branch), by seq ascending. */
  getLatestCheckpointPerBranch(runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]>;
  /** By seq ascending. */
  listCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointListOptions): Promise<CheckpointRecord[]>;
  deleteCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointDeleteOptions): Promise<number>;
  /** Across every run in scope. */
  deleteCheckpointsOlderThan(olderThan: Date, scope: ScopeFilter): Promise<number>;

  // --- workflow outcomes -----------------------------------------------------------------------
  saveWorkflowOutcome(outcome: WorkflowOutcome): Promise<string>;
  getWorkflowOutcome(id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined>;
  /** Same ordering rules as `queryMemories` (time field: createdAt). */
  queryWorkflowOutcomes(query: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]>;
  deleteWorkflowOutcome(id: string, scope: ScopeFilter): Promise<boolean>;

  // --- artifact links --------------------------------------------------------------------------
  saveArtifactLink(link: ArtifactRef): Promise<string>;
  /** Oldest first. */
  getArtifactLinks(memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]>;
  deleteArtifactLink(id: string, scope: ScopeFilter): Promise<boolean>;

  // --- session handoffs ------------------------------------------------------------------------
  saveSessionHandoff(handoff: SessionHandoff): Promise<string>;
  updateSessionHandoff(
    id: string,
    patch: Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>,
    scope: ScopeFilter,
  ): Promise<boolean>;
  /** Newest first (createdAt, then id). */
  listSessionHandoffs(query: SessionHandoffQuery): Promise<SessionHandoff[]>;
  deleteSessionHandoffs(query: Omit<SessionHandoffQuery, 'limit'>): Promise<number>;

  // --- progress work items ---------------------------------------------------------------------
  saveWorkItem(item: WorkItem): Promise<string>;
  getWorkItem(id: string, scope: ScopeFilter): Promise<WorkItem | undefined>;
  updateWorkItem(
    id: string,
    patch: Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>,
    scope: ScopeFilter,
  ): Promise<boolean>;
  /** Oldest first (createdAt, then id). */
  listWorkItems(query: WorkItemQuery): Promise<WorkItem[]>;
  deleteWorkItem(id: string, scope: ScopeFilter): Promise<boolean>;

  // --- graph memory ----------------------------------------------------------------------------
  saveEntity(entity: Entity): Promise<string>;
  getEntity(id: string, scope: ScopeFilter): Promise<Entity | undefined>;
  /** Oldest first (createdAt, then id). */
  queryEntities(query: EntityQuery): Promise<Entity[]>;
  /** Deletes the entity and every relationship touching it. */
  deleteEntity(id: string, scope: ScopeFilter): Promise<boolean>;
  saveRelationship(relationship: Relationship): Promise<string>;
  /** Oldest first (createdAt, then id). */
  queryRelationships(query: RelationshipQuery): Promise<Relationship[]>;
  deleteRelationship(id: string, scope: ScopeFilter): Promise<boolean>;
  /**
   * Optional capability: the whole neighbourhood in the store (recursive SQL on SQLite and PostgreSQL). undefined
   * when the root is not visible in the scope's tenant and project. Callers fall back to `walkGraph(store, query)`,
   * which gives the same answer through `getEntity` and `queryRelationships`.
   */
  traverseGraph?(query: GraphTraversalQuery): Promise<GraphTraversal | undefined>;

  /** Releases connections/handles. Idempotent. */
  close(): Promise<void>;
}

/** Every kind of record a store holds, as exported and imported. */
export type PortableRecord =
  | { readonly kind: 'memory'; readonly type: MemoryType; readonly record: MemoryRecordMap[MemoryType] }
  | { readonly kind: 'workflow_outcome'; readonly record: WorkflowOutcome }
  | { readonly kind: 'artifact_link'; readonly record: ArtifactRef }
  | { readonly kind: 'session_handoff'; readonly record: SessionHandoff }
  | { readonly kind: 'work_item'; readonly record: WorkItem }
  | { readonly kind: 'entity'; readonly record: Entity }
  | { readonly kind: 'relationship'; readonly record: Relationship }
  | { readonly kind: 'checkpoint'; readonly record: CheckpointRecord }
  | { readonly kind: 'run'; readonly record: RunSummary };

/** The run catalog: list and search runs without loading their states. */
export interface RunCatalog {
  /** Runs in the scope's tenant, newest first (lastAt, then runId), cursor-paginated. Deleted runs are not listed. */
  listRuns(query: RunQuery): Promise<RunPage>;
  getRun(runId: string, scope: ScopeFilter): Promise<RunSummary | undefined>;
  /** Sets status / agent / metadata of a run that has checkpoints; false when there is none in scope. */
  updateRun(runId: string, patch: RunPatch, scope: ScopeFilter): Promise<boolean>;
}

/** Moving data between stores (`alma export` / `alma import`). */
export interface PortableStore {
  /**
   * Every record of every tenant, in an order an import can replay: memories, workflow outcomes, artifact links,
   * session handoffs, work items, entities, relationships, then checkpoints (by run and seq), then runs.
   * Streams: never holds the whole store in memory.
   */
  exportRecords(): AsyncIterable<PortableRecord>;
  /** Inserts an exported checkpoint as is (id, seq, createdAt kept). ConflictError when the id or (runId, seq) exists. */
  restoreCheckpoint(record: CheckpointRecord): Promise<void>;
}

/** The largest `topK` / `limit` a store must accept in one query; page beyond it. */
export const MAX_QUERY_TOP_K = 100_000;

/** The most hops a graph traversal may walk. */
export const MAX_GRAPH_HOPS = 10;

/** The time field each memory type is ordered and aged by. */
export const MEMORY_TIME_FIELD = {
  heuristic: 'lastValidated',
  outcome: 'timestamp',
  user_preference: 'timestamp',
  domain_knowledge: 'lastVerified',
  anti_pattern: 'lastSeen',
} as const satisfies Record<MemoryType, string>;

/** Types with a `confidence` field (used by minConfidence / belowConfidence). */
export const MEMORY_TYPES_WITH_CONFIDENCE: readonly MemoryType[] = ['heuristic', 'domain_knowledge', 'user_preference'];
