import type { CosmosClient } from '@azure/cosmos';
import { walkGraph } from '@alma/types';
import type {
  ArtifactRef,
  CheckpointDeleteOptions,
  CheckpointListOptions,
  CheckpointRecord,
  Entity,
  EntityQuery,
  GraphTraversal,
  GraphTraversalQuery,
  MemoryDeleteFilter,
  MemoryPatch,
  MemoryQuery,
  MemoryRecordMap,
  MemoryType,
  NewCheckpoint,
  PortableRecord,
  PortableStore,
  Relationship,
  RelationshipQuery,
  RunCatalog,
  RunPage,
  RunPatch,
  RunQuery,
  RunSummary,
  ScopeFilter,
  Scored,
  SessionHandoff,
  SessionHandoffQuery,
  StatsQuery,
  StorageBackend,
  StorageCapabilities,
  StorageStats,
  WorkflowOutcome,
  WorkflowOutcomeQuery,
  WorkItem,
  WorkItemQuery,
} from '@alma/types';
import * as cw from './checkpoint-write.js';
import * as cp from './checkpoints.js';
import { MAX_DOCUMENT_BYTES } from './documents.js';
import { ADAPTER } from './errors.js';
import { exportRecords } from './export.js';
import * as graph from './graph.js';
import * as mem from './memories.js';
import { openStore } from './open.js';
import { parseConnectionString, type CosmosStorageOptions } from './options.js';
import * as rec from './records.js';
import * as runs from './runs.js';
import type { StoreContext } from './store-context.js';
import * as wo from './workflow-outcomes.js';

/**
 * ALMA storage on Azure Cosmos DB (NoSQL API). Memories, workflow outcomes, sessions, work items and graph records
 * are partitioned by tenant, checkpoints by run, artifact links by memory, so every scoped read is a
 * single-partition query where the scope names the partition. Open it with `CosmosStorage.open(options)`.
 */
export class CosmosStorage implements StorageBackend, RunCatalog, PortableStore {
  readonly capabilities: StorageCapabilities;
  /** The client in use (yours when you passed `client`). */
  readonly client: CosmosClient;
  private readonly ctx: StoreContext;
  private readonly ownsClient: boolean;
  private readonly heads = new cw.RunHeads();
  private closed = false;

  private constructor(opened: Awaited<ReturnType<typeof openStore>>) {
    this.client = opened.client;
    this.ownsClient = opened.ownsClient;
    this.ctx = { c: opened.collections, vectorMode: opened.vectorMode, now: () => new Date() };
    this.capabilities = Object.freeze({
      name: ADAPTER,
      vectorSearch: opened.vectorMode,
      transactions: false,
      multiProcess: true,
      maxRecordBytes: MAX_DOCUMENT_BYTES,
    });
  }

  /** Validates the options, connects, creates what is missing (unless told not to) and detects vector search. */
  static async open(options: CosmosStorageOptions): Promise<CosmosStorage> {
    return new CosmosStorage(await openStore(options));
  }

  /** `AccountEndpoint=https://...;AccountKey=...;` plus any other options. */
  static fromConnectionString(
    connectionString: string,
    options: Omit<CosmosStorageOptions, 'endpoint' | 'key' | 'aadCredentials' | 'client'> = {},
  ): Promise<CosmosStorage> {
    return CosmosStorage.open({ ...options, ...parseConnectionString(connectionString) });
  }

  // --- memories ---
  saveMemory<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): Promise<string> {
    return mem.saveMemory(this.ctx, type, record);
  }
  saveMemories<T extends MemoryType>(type: T, records: readonly MemoryRecordMap[T][]): Promise<string[]> {
    return mem.saveMemories(this.ctx, type, records);
  }
  getMemory<T extends MemoryType>(type: T, id: string, scope: ScopeFilter): Promise<MemoryRecordMap[T] | undefined> {
    return mem.getMemory(this.ctx, type, id, scope);
  }
  queryMemories<T extends MemoryType>(type: T, query: MemoryQuery): Promise<Scored<MemoryRecordMap[T]>[]> {
    return mem.queryMemories(this.ctx, type, query);
  }
  updateMemory<T extends MemoryType>(type: T, id: string, patch: MemoryPatch<T>, scope: ScopeFilter): Promise<boolean> {
    return mem.updateMemory(this.ctx, type, id, patch, scope);
  }
  incrementHeuristicOccurrence(id: string, success: boolean, scope: ScopeFilter): Promise<boolean> {
    return mem.incrementHeuristicOccurrence(this.ctx, id, success, scope);
  }
  deleteMemory(type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean> {
    return mem.deleteMemory(this.ctx, type, id, scope);
  }
  deleteMemories(type: MemoryType, filter: MemoryDeleteFilter): Promise<number> {
    return mem.deleteMemories(this.ctx, type, filter);
  }
  getStats(query: StatsQuery): Promise<StorageStats> {
    return mem.getStats(this.ctx, query);
  }

  // --- checkpoints ---
  saveCheckpoint(checkpoint: NewCheckpoint): Promise<CheckpointRecord> {
    return cw.saveCheckpoint(this.ctx, this.heads, checkpoint);
  }
  getCheckpoint(id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
    return cp.getCheckpoint(this.ctx, id, scope);
  }
  getLatestCheckpoint(
    runId: string,
    scope: ScopeFilter,
    options?: { readonly branchId?: string | null },
  ): Promise<CheckpointRecord | undefined> {
    return cp.getLatestCheckpoint(this.ctx, runId, scope, options);
  }
  getLatestCheckpointPerBranch(runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
    return cp.getLatestCheckpointPerBranch(this.ctx, runId, scope);
  }
  listCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointListOptions): Promise<CheckpointRecord[]> {
    return cp.listCheckpoints(this.ctx, runId, scope, options);
  }
  deleteCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointDeleteOptions): Promise<number> {
    return cp.deleteCheckpoints(this.ctx, this.heads, runId, scope, options);
  }
  deleteCheckpointsOlderThan(olderThan: Date, scope: ScopeFilter): Promise<number> {
    return cp.deleteCheckpointsOlderThan(this.ctx, this.heads, olderThan, scope);
  }
  /** Inserts an exported checkpoint as is (id, seq, createdAt kept). */
  restoreCheckpoint(record: CheckpointRecord): Promise<void> {
    return cw.restoreCheckpoint(this.ctx, this.heads, record);
  }

  // --- run catalog ---
  listRuns(query: RunQuery): Promise<RunPage> {
    return runs.listRuns(this.ctx, query);
  }
  getRun(runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
    return runs.getRun(this.ctx, runId, scope);
  }
  updateRun(runId: string, patch: RunPatch, scope: ScopeFilter): Promise<boolean> {
    return runs.updateRun(this.ctx, runId, patch, scope);
  }
  /** Every record of every tenant, in import order, streamed page by page. */
  exportRecords(): AsyncIterable<PortableRecord> {
    return exportRecords(this.ctx);
  }

  // --- workflow outcomes ---
  saveWorkflowOutcome(outcome: WorkflowOutcome): Promise<string> {
    return wo.saveWorkflowOutcome(this.ctx, outcome);
  }
  getWorkflowOutcome(id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined> {
    return wo.getWorkflowOutcome(this.ctx, id, scope);
  }
  queryWorkflowOutcomes(query: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]> {
    return wo.queryWorkflowOutcomes(this.ctx, query);
  }
  deleteWorkflowOutcome(id: string, scope: ScopeFilter): Promise<boolean> {
    return wo.deleteWorkflowOutcome(this.ctx, id, scope);
  }

  // --- artifact links ---
  saveArtifactLink(link: ArtifactRef): Promise<string> {
    return rec.saveArtifactLink(this.ctx, link);
  }
  getArtifactLinks(memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
    return rec.getArtifactLinks(this.ctx, memoryId, scope);
  }
  deleteArtifactLink(id: string, scope: ScopeFilter): Promise<boolean> {
    return rec.deleteArtifactLink(this.ctx, id, scope);
  }

  // --- session handoffs ---
  saveSessionHandoff(handoff: SessionHandoff): Promise<string> {
    return rec.saveSessionHandoff(this.ctx, handoff);
  }
  updateSessionHandoff(
    id: string,
    patch: Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>,
    scope: ScopeFilter,
  ): Promise<boolean> {
    return rec.updateSessionHandoff(this.ctx, id, patch, scope);
  }
  listSessionHandoffs(query: SessionHandoffQuery): Promise<SessionHandoff[]> {
    return rec.listSessionHandoffs(this.ctx, query);
  }
  deleteSessionHandoffs(query: Omit<SessionHandoffQuery, 'limit'>): Promise<number> {
    return rec.deleteSessionHandoffs(this.ctx, query);
  }

  // --- work items ---
  saveWorkItem(item: WorkItem): Promise<string> {
    return rec.saveWorkItem(this.ctx, item);
  }
  getWorkItem(id: string, scope: ScopeFilter): Promise<WorkItem | undefined> {
    return rec.getWorkItem(this.ctx, id, scope);
  }
  updateWorkItem(id: string, patch: Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>, scope: ScopeFilter): Promise<boolean> {
    return rec.updateWorkItem(this.ctx, id, patch, scope);
  }
  listWorkItems(query: WorkItemQuery): Promise<WorkItem[]> {
    return rec.listWorkItems(this.ctx, query);
  }
  deleteWorkItem(id: string, scope: ScopeFilter): Promise<boolean> {
    return rec.deleteWorkItem(this.ctx, id, scope);
  }

  // --- graph ---
  saveEntity(entity: Entity): Promise<string> {
    return graph.saveEntity(this.ctx, entity);
  }
  getEntity(id: string, scope: ScopeFilter): Promise<Entity | undefined> {
    return graph.getEntity(this.ctx, id, scope);
  }
  queryEntities(query: EntityQuery): Promise<Entity[]> {
    return graph.queryEntities(this.ctx, query);
  }
  deleteEntity(id: string, scope: ScopeFilter): Promise<boolean> {
    return graph.deleteEntity(this.ctx, id, scope);
  }
  saveRelationship(relationship: Relationship): Promise<string> {
    return graph.saveRelationship(this.ctx, relationship);
  }
  queryRelationships(query: RelationshipQuery): Promise<Relationship[]> {
    return graph.queryRelationships(this.ctx, query);
  }
  deleteRelationship(id: string, scope: ScopeFilter): Promise<boolean> {
    return graph.deleteRelationship(this.ctx, id, scope);
  }
  /** Cosmos DB has no recursive query: the generic walk, one single-partition query per hop. */
  traverseGraph(query: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
    return walkGraph(this, query);
  }

  /** Disposes the client this store created (never a client you passed in). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) this.client.dispose();
  }
}
