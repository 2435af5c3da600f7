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
  type Relationship,
  type RelationshipQuery,
  type RunCatalog,
  type RunPage,
  type RunPatch,
  type RunQuery,
  type RunSummary,
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
import { openConnection, type Connection } from './connection.js';
import { ADAPTER, guard } from './errors.js';
import { applyPending, readStatus, type MigrationResult, type MigrationStatus } from './migrations/runner.js';
import { resolveOptions, type ResolvedSqliteStorageOptions, type SqliteStorageOptions } from './options.js';
import * as artifacts from './queries/artifact-links.js';
import * as checkpoints from './queries/checkpoints.js';
import { exportRecords } from './queries/export.js';
import * as graph from './queries/graph.js';
import { traverseGraph } from './queries/graph-traverse.js';
import * as memories from './queries/memories.js';
import * as runs from './queries/runs.js';
import * as records from './queries/sessions-progress.js';
import { ensureVectorIndex } from './queries/vector-index.js';
import * as outcomes from './queries/workflow-outcomes.js';
import { dropValueSamples } from './planner-stats.js';

type HandoffPatch = Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>;
type WorkItemPatch = Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>;

/**
 * ALMA storage in one SQLite file (better-sqlite3 + drizzle-orm), with sqlite-vec for similarity search. WAL mode
 * and a busy timeout let several processes share the file; checkpoint sequence numbers, the stale-write check and
 * the run catalog are handled inside one database transaction, so concurrent writers never lose or share a seq.
 * Implements storage contract v2 (run catalog, export/restore).
 */
export class SqliteStorage implements StorageBackend, RunCatalog, PortableStore {
  readonly capabilities: StorageCapabilities = Object.freeze({
    name: ADAPTER,
    vectorSearch: 'native',
    transactions: true,
    multiProcess: true,
  });
  readonly options: Readonly<ResolvedSqliteStorageOptions>;
  private conn: Connection | undefined;

  /** Opens (creating when missing) the database and, unless `autoMigrate: false`, applies pending migrations. */
  constructor(options: SqliteStorageOptions) {
    this.options = Object.freeze(resolveOptions(options));
    const conn = openConnection(this.options.path, this.options.busyTimeoutMs);
    try {
      conn.client.pragma(`mmap_size = ${this.options.mmapSizeBytes}`);
      if (this.options.autoMigrate) {
        applyPending(conn.client);
      } else {
        const status = guard('Reading migration status', () => readStatus(conn.client));
        if (status.pending.length > 0) {
          throw new StorageError(
            ADAPTER,
            `Database '${this.options.path}' needs schema migrations ${status.pending.join(', ')}. Run ` +
              `\`npx alma-sqlite migrate up --db ${this.options.path}\` or open it with autoMigrate: true.`,
          );
        }
      }
      guard('Reading planner statistics', () => dropValueSamples(conn.client));
      const dim = this.options.embeddingDim;
      if (dim !== undefined) guard(`Creating the sqlite-vec index for ${dim} dimensions`, () => ensureVectorIndex(conn, dim));
    } catch (error) {
      conn.client.close();
      throw error;
    }
    this.conn = conn;
  }

  /** `new SqliteStorage(options)` as a promise, for symmetry with the network adapters. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    return new SqliteStorage(options);
  }

  private async use<T>(fn: (conn: Connection) => T): Promise<T> {
    if (!this.conn) throw new StorageError(ADAPTER, 'The store is closed.');
    return fn(this.conn);
  }

  /** Applies pending schema migrations (only needed with `autoMigrate: false`). */
  migrate(): Promise<MigrationResult> {
    return this.use((c) => applyPending(c.client));
  }

  migrationStatus(): Promise<MigrationStatus> {
    return this.use((c) => readStatus(c.client));
  }

  // --- memories ----------------------------------------------------------------------------------------------------

  async saveMemory<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): Promise<string> {
    return this.use((c) => memories.saveMemories(c, type, [record])[0] as string);
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
    return this.use((c) => checkpoints.saveCheckpoint(c, checkpoint));
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

  // --- run catalog, portability ----------------------------------------------------------------------------------

  listRuns(query: RunQuery): Promise<RunPage> {
    return this.use((c) => runs.listRuns(c, query));
  }
  getRun(runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
    return this.use((c) => runs.getRun(c, runId, scope));
  }
  updateRun(runId: string, patch: RunPatch, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => runs.updateRun(c, runId, patch, scope));
  }
  /** Inserts an exported checkpoint as is (id, seq, createdAt kept). */
  restoreCheckpoint(record: CheckpointRecord): Promise<void> {
    return this.use((c) => checkpoints.restoreCheckpoint(c, record));
  }
  /** Every record of every tenant in import order, read in pages (see README, "Export"). */
  exportRecords(): AsyncGenerator<PortableRecord> {
    return exportRecords((fn) => this.use(fn));
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
    return this.use((c) => artifacts.saveArtifactLink(c, link));
  }
  getArtifactLinks(memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
    return this.use((c) => artifacts.getArtifactLinks(c, memoryId, scope));
  }
  deleteArtifactLink(id: string, scope: ScopeFilter): Promise<boolean> {
    return this.use((c) => artifacts.deleteArtifactLink(c, id, scope));
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

  /** Closes the database handle. Idempotent; later calls reject with StorageError. */
  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    if (!conn?.client.open) return;
    try {
      conn.client.pragma('optimize'); // refreshes planner statistics where SQLite thinks it helps; cheap
    } catch {
      // best effort: a read-only or busy database still closes
    }
    conn.client.close();
  }
}
