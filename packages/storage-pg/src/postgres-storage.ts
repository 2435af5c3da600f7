import {
  StorageError,
  type ArtifactRef,
  type CheckpointDeleteOptions,
  type CheckpointListOptions,
  type CheckpointRecord,
  type Entity,
  type EntityQuery,
  type GraphTraversal,
  type GraphTraversalQuery,
  type MemoryDeleteFilter,
  type MemoryPatch,
  type MemoryQuery,
  type MemoryRecordMap,
  type MemoryType,
  type NewCheckpoint,
  type PortableRecord,
  type PortableStore,
  type RunCatalog,
  type RunPage,
  type RunPatch,
  type RunQuery,
  type RunSummary,
  type Relationship,
  type RelationshipQuery,
  type ScopeFilter,
  type Scored,
  type SessionHandoff,
  type SessionHandoffQuery,
  type StatsQuery,
  type StorageBackend,
  type StorageCapabilities,
  type StorageStats,
  type WorkflowOutcome,
  type WorkflowOutcomeQuery,
  type WorkItem,
  type WorkItemQuery,
} from '@alma/types';
import { createConnection, openPool, type Connection } from './connection.js';
import { ADAPTER } from './errors.js';
import { applyPending, readStatus, type MigrationResult, type MigrationStatus } from './migrations/runner.js';
import {
  connectionUrl,
  redactUrl,
  resolveOptions,
  type PostgresStorageOptions,
  type ResolvedPostgresStorageOptions,
} from './options.js';
import * as writes from './queries/checkpoint-writes.js';
import * as checkpoints from './queries/checkpoints.js';
import { exportRecords } from './queries/export.js';
import * as graph from './queries/graph.js';
import { traverseGraph } from './queries/graph-traverse.js';
import * as memories from './queries/memories.js';
import * as runs from './queries/runs.js';
import * as records from './queries/sessions-progress.js';
import * as outcomes from './queries/workflow-outcomes.js';
import { firstContact, prepareSchema } from './setup.js';

type HandoffPatch = Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>;
type WorkItemPatch = Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>;

/**
 * ALMA storage in PostgreSQL (postgres.js + drizzle-orm), with pgvector HNSW indexes for similarity search. Many
 * processes can share one schema: checkpoint seqs come from the run's catalog row, upserted atomically in the same
 * statement (or transaction) as the insert, and migrations take an advisory lock. Implements contract v2 (run
 * catalog, atomic stale-write check, tombstones, main-line reads, export/restore). Open with `await PostgresStorage.open(options)`.
 */
export class PostgresStorage implements StorageBackend, RunCatalog, PortableStore {
  readonly capabilities: StorageCapabilities = Object.freeze({
    name: ADAPTER,
    vectorSearch: 'native',
    transactions: true,
    multiProcess: true,
  });
  readonly options: Readonly<Omit<ResolvedPostgresStorageOptions, 'client'>>;
  private conn: Connection | undefined;

  private constructor(options: ResolvedPostgresStorageOptions, conn: Connection) {
    const { client: _client, ...rest } = options;
    this.options = Object.freeze(rest);
    this.conn = conn;
  }

  /**
   * Connects (or takes the caller's `client`), applies pending migrations unless `autoMigrate: false`, checks the
   * schema's embedding dimension, and returns the open store. On failure nothing is left open.
   */
  static async open(options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const resolved = resolveOptions(options);
    const owned = resolved.client === undefined;
    const client = resolved.client ?? openPool(resolved);
    const conn = createConnection(client, owned, resolved.schema, resolved.embeddingDim);
    try {
      const url = owned ? connectionUrl(resolved) : '<your connection url>';
      // The pool's own connect timeout (postgres.js defaults to 30 s for a caller's client without one).
      const seconds = (client.options.connect_timeout as number | undefined) ?? 30;
      await firstContact(conn, seconds, owned ? redactUrl(url) : 'the server of your client');
      await prepareSchema(conn, resolved, url);
    } catch (error) {
      await conn.end(0);
      throw error;
    }
    return new PostgresStorage(resolved, conn);
  }

  private async use<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    if (!this.conn) throw new StorageError(ADAPTER, 'The store is closed.');
    return fn(this.conn);
  }

  /** Applies pending schema migrations (only needed with `autoMigrate: false`). */
  migrate(): Promise<MigrationResult> {
    return this.use((c) => applyPending(c.sql, { schema: c.schema, embeddingDim: c.dim }));
  }

  migrationStatus(): Promise<MigrationStatus> {
    return this.use((c) => readStatus(c.sql, c.schema));
  }

  // --- memories ----------------------------------------------------------------------------------------------------

  async saveMemory<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): Promise<string> {
    return this.use(async (c) => (await memories.saveMemories(c, type, [record]))[0] as string);
  }
  saveMemories<T extends MemoryType>(type: T, list: readonly MemoryRecordMap[T][]): Promise<string[]> {
    return this.use((c) => memories.saveMemories(c, type, list));
  }
  getMemory<T extends MemoryType>(type: T, id: string, scope: ScopeFilter): Promise<MemoryRecordMap[T] | undefined> {
    return this.use((c) => memories.getMemory(c, type, id, scope));
  }
  queryMemories<T extends MemoryType>(type: T, query: MemoryQuery): Promise<Scored<MemoryRecordMap[T]>[]> {
    return this.use((c) => memories.queryMemories(c, type, query));
  }
  updateMemory<T extends MemoryType>(type: T, id: string, patch: MemoryPatch<T>, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => memories.updateMemory(c, type, id, patch, scope));
  }
  incrementHeuristicOccurrence(id: string, success: boolean, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => memories.incrementHeuristicOccurrence(c, id, success, scope));
  }
  deleteMemory(type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => memories.deleteMemory(c, type, id, scope));
  }
  deleteMemories(type: MemoryType, filter: MemoryDeleteFilter): Promise<number> {
    return this.use((c) => memories.deleteMemories(c, type, filter));
  }
  getStats(query: StatsQuery): Promise<StorageStats> {
    return this.use((c) => memories.getStats(c, query));
  }

  // --- checkpoints -------------------------------------------------------------------------------------------------

  saveCheckpoint(checkpoint: NewCheckpoint): Promise<CheckpointRecord> {
    return this.use((c) => writes.saveCheckpoint(c, checkpoint));
  }
  getCheckpoint(id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
    return this.use((c) => checkpoints.getCheckpoint(c, id, scope));
  }
  getLatestCheckpoint(
    runId: string,
    scope: ScopeFilter,
    options?: { readonly branchId?: string | null },
  ): Promise<CheckpointRecord | undefined> {
    return this.use((c) => checkpoints.getLatestCheckpoint(c, runId, scope, options));
  }
  getLatestCheckpointPerBranch(runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
    return this.use((c) => checkpoints.getLatestCheckpointPerBranch(c, runId, scope));
  }
  listCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointListOptions): Promise<CheckpointRecord[]> {
    return this.use((c) => checkpoints.listCheckpoints(c, runId, scope, options));
  }
  deleteCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointDeleteOptions): Promise<number> {
    return this.use((c) => checkpoints.deleteCheckpoints(c, runId, scope, options));
  }
  deleteCheckpointsOlderThan(olderThan: Date, scope: ScopeFilter): Promise<number> {
    return this.use((c) => checkpoints.deleteCheckpointsOlderThan(c, olderThan, scope));
  }

  // --- run catalog, portability --------------------------------------------------------------------------------------

  listRuns(query: RunQuery): Promise<RunPage> {
    return this.use((c) => runs.listRuns(c, query));
  }
  getRun(runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
    return this.use((c) => runs.getRun(c, runId, scope));
  }
  updateRun(runId: string, patch: RunPatch, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => runs.updateRun(c, runId, patch, scope));
  }
  /** Streams every record of every tenant, page by page (keyset paging: no transaction stays open between pages). */
  exportRecords(): AsyncGenerator<PortableRecord> {
    return exportRecords((fn) => this.use(fn));
  }
  restoreCheckpoint(record: CheckpointRecord): Promise<void> {
    return this.use((c) => writes.restoreCheckpoint(c, record));
  }

  // --- workflow outcomes, artifact links ---------------------------------------------------------------------------

  saveWorkflowOutcome(outcome: WorkflowOutcome): Promise<string> {
    return this.use((c) => outcomes.saveWorkflowOutcome(c, outcome));
  }
  getWorkflowOutcome(id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined> {
    return this.use((c) => outcomes.getWorkflowOutcome(c, id, scope));
  }
  queryWorkflowOutcomes(query: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]> {
    return this.use((c) => outcomes.queryWorkflowOutcomes(c, query));
  }
  deleteWorkflowOutcome(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => outcomes.deleteWorkflowOutcome(c, id, scope));
  }
  saveArtifactLink(link: ArtifactRef): Promise<string> {
    return this.use((c) => outcomes.saveArtifactLink(c, link));
  }
  getArtifactLinks(memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
    return this.use((c) => outcomes.getArtifactLinks(c, memoryId, scope));
  }
  deleteArtifactLink(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => outcomes.deleteArtifactLink(c, id, scope));
  }

  // --- session handoffs, work items ----------------------------------------------------------------------------------

  saveSessionHandoff(handoff: SessionHandoff): Promise<string> {
    return this.use((c) => records.saveSessionHandoff(c, handoff));
  }
  updateSessionHandoff(id: string, patch: HandoffPatch, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => records.updateSessionHandoff(c, id, patch, scope));
  }
  listSessionHandoffs(query: SessionHandoffQuery): Promise<SessionHandoff[]> {
    return this.use((c) => records.listSessionHandoffs(c, query));
  }
  deleteSessionHandoffs(query: Omit<SessionHandoffQuery, 'limit'>): Promise<number> {
    return this.use((c) => records.deleteSessionHandoffs(c, query));
  }
  saveWorkItem(item: WorkItem): Promise<string> {
    return this.use((c) => records.saveWorkItem(c, item));
  }
  getWorkItem(id: string, scope: ScopeFilter): Promise<WorkItem | undefined> {
    return this.use((c) => records.getWorkItem(c, id, scope));
  }
  updateWorkItem(id: string, patch: WorkItemPatch, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => records.updateWorkItem(c, id, patch, scope));
  }
  listWorkItems(query: WorkItemQuery): Promise<WorkItem[]> {
    return this.use((c) => records.listWorkItems(c, query));
  }
  deleteWorkItem(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => records.deleteWorkItem(c, id, scope));
  }

  // --- graph -------------------------------------------------------------------------------------------------------

  saveEntity(entity: Entity): Promise<string> {
    return this.use((c) => graph.saveEntity(c, entity));
  }
  getEntity(id: string, scope: ScopeFilter): Promise<Entity | undefined> {
    return this.use((c) => graph.getEntity(c, id, scope));
  }
  queryEntities(query: EntityQuery): Promise<Entity[]> {
    return this.use((c) => graph.queryEntities(c, query));
  }
  deleteEntity(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => graph.deleteEntity(c, id, scope));
  }
  saveRelationship(relationship: Relationship): Promise<string> {
    return this.use((c) => graph.saveRelationship(c, relationship));
  }
  queryRelationships(query: RelationshipQuery): Promise<Relationship[]> {
    return this.use((c) => graph.queryRelationships(c, query));
  }
  deleteRelationship(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => graph.deleteRelationship(c, id, scope));
  }
  /** Neighbours to N hops in one recursive query (see queries/graph-traverse.ts). */
  traverseGraph(query: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
    return this.use((c) => traverseGraph(c, query));
  }

  /**
   * Ends the pool the store opened (waiting up to 5 s for running queries), so no connection outlives the store. A
   * caller-provided `client` is left open. Idempotent; later calls on the store reject with StorageError.
   */
  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    await conn?.end();
  }
}
