import {
  parseInput,
  tenantScope,
  validateScopeFilter,
  validateArtifactRef,
  validateEntity,
  validateRelationship,
  validateSessionHandoff,
  validateWorkflowOutcome,
  validateWorkItem,
  walkGraph,
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
import { z } from 'zod';
import * as cp from './checkpoints.js';
import * as mem from './memories.js';
import { loadSnapshot, saveSnapshot } from './persistence.js';
import * as rec from './records.js';
import * as runs from './runs.js';
import { exportRecords } from './export.js';
import { emptyState, type StoreState } from './state.js';

export const memoryStorageOptionsSchema = z
  .object({
    persistPath: z.string().min(1).optional(),
    now: z.custom<() => Date>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict();

export interface MemoryStorageOptions {
  /** JSON snapshot file: loaded on construction, rewritten atomically after every write. @default undefined (no file) */
  persistPath?: string;
  /** Clock used for store-assigned times (checkpoint createdAt, heuristic lastValidated). @default () => new Date() */
  now?: () => Date;
}

/**
 * The in-memory reference implementation of the ALMA storage contract: no dependencies, one process, everything in
 * a Map. For unit tests, demos and prototypes. Optional `persistPath` keeps a JSON snapshot between runs.
 */
export class MemoryStorage implements StorageBackend, RunCatalog, PortableStore {
  readonly capabilities: StorageCapabilities = {
    name: 'memory',
    vectorSearch: 'in-process',
    transactions: true,
    multiProcess: false,
  };
  private readonly state: StoreState;
  private readonly persistPath: string | undefined;
  private readonly now: () => Date;
  private closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    const opts = parseInput(memoryStorageOptionsSchema, options, 'MemoryStorage options');
    this.persistPath = opts.persistPath;
    this.now = opts.now ?? (() => new Date());
    this.state = this.persistPath ? loadSnapshot(this.persistPath) : emptyState();
  }

  /** Runs a write and snapshots the store when it changed something. */
  private write<T>(fn: () => T): Promise<T> {
    try {
      const result = fn();
      if (this.persistPath) saveSnapshot(this.state, this.persistPath);
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private read<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // --- memories ---
  saveMemory<T extends MemoryType>(type: T, record: MemoryRecordMap[T]): Promise<string> {
    return this.write(() => mem.saveMemories(this.state, type, [record])[0] as string);
  }
  saveMemories<T extends MemoryType>(type: T, records: readonly MemoryRecordMap[T][]): Promise<string[]> {
    return this.write(() => mem.saveMemories(this.state, type, records));
  }
  async getMemory<T extends MemoryType>(type: T, id: string, scope: ScopeFilter): Promise<MemoryRecordMap[T] | undefined> {
    validateScopeFilter(scope);
    return this.read(() => this.state.memories[type].get(id, scope) as MemoryRecordMap[T] | undefined);
  }
  async queryMemories<T extends MemoryType>(type: T, query: MemoryQuery): Promise<Scored<MemoryRecordMap[T]>[]> {
    validateScopeFilter(query.scope);
    return this.read(() => mem.queryMemories(this.state, type, query));
  }
  async updateMemory<T extends MemoryType>(type: T, id: string, patch: MemoryPatch<T>, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => mem.updateMemory(this.state, type, id, patch, scope));
  }
  async incrementHeuristicOccurrence(id: string, success: boolean, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => mem.incrementHeuristicOccurrence(this.state, id, success, scope, this.now()));
  }
  async deleteMemory(type: MemoryType, id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => {
      const deleted = this.state.memories[type].delete(id, scope);
      if (deleted) this.deleteLinksOf([id]);
      return deleted;
    });
  }
  async deleteMemories(type: MemoryType, filter: MemoryDeleteFilter): Promise<number> {
    validateScopeFilter(filter.scope);
    return this.write(() => {
      const ids = mem.deleteMemories(this.state, type, filter);
      this.deleteLinksOf(ids);
      return ids.length;
    });
  }
  async getStats(query: StatsQuery): Promise<StorageStats> {
    validateScopeFilter(query.scope);
    return this.read(() => mem.getStats(this.state, query));
  }

  private deleteLinksOf(memoryIds: readonly string[]): void {
    if (memoryIds.length === 0) return;
    const ids = new Set(memoryIds);
    this.state.artifactLinks.deleteWhere((link) => ids.has(link.memoryId));
  }

  // --- checkpoints ---
  saveCheckpoint(checkpoint: NewCheckpoint): Promise<CheckpointRecord> {
    return this.write(() => cp.saveCheckpoint(this.state, checkpoint, this.now()));
  }
  async getCheckpoint(id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
    validateScopeFilter(scope);
    return this.read(() => this.state.checkpoints.get(id, scope));
  }
  async getLatestCheckpoint(
    runId: string,
    scope: ScopeFilter,
    options: { readonly branchId?: string | null } = {},
  ): Promise<CheckpointRecord | undefined> {
    validateScopeFilter(scope);
    return this.read(() => cp.latestCheckpoint(this.state, runId, scope, options.branchId));
  }
  async getLatestCheckpointPerBranch(runId: string, scope: ScopeFilter): Promise<CheckpointRecord[]> {
    validateScopeFilter(scope);
    return this.read(() => cp.latestPerBranch(this.state, runId, scope));
  }
  async listCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointListOptions): Promise<CheckpointRecord[]> {
    validateScopeFilter(scope);
    return this.read(() => cp.listCheckpoints(this.state, runId, scope, options));
  }
  async deleteCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointDeleteOptions): Promise<number> {
    validateScopeFilter(scope);
    return this.write(() => cp.deleteCheckpoints(this.state, runId, scope, options, this.now()));
  }
  async deleteCheckpointsOlderThan(olderThan: Date, scope: ScopeFilter): Promise<number> {
    validateScopeFilter(scope);
    return this.write(() => cp.deleteCheckpointsOlderThan(this.state, olderThan, scope));
  }

  async restoreCheckpoint(record: CheckpointRecord): Promise<void> {
    return this.write(() => cp.restoreCheckpoint(this.state, record));
  }

  // --- run catalog ---
  async listRuns(query: RunQuery): Promise<RunPage> {
    validateScopeFilter(query.scope);
    return this.read(() => runs.listRuns(this.state, query));
  }
  async getRun(runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
    validateScopeFilter(scope);
    return this.read(() => runs.getRun(this.state, runId, scope));
  }
  async updateRun(runId: string, patch: RunPatch, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => runs.updateRun(this.state, runId, patch, scope));
  }

  /** Every record of every tenant, in import order. */
  async *exportRecords(): AsyncGenerator<PortableRecord> {
    yield* exportRecords(this.state);
  }

  // --- workflow outcomes ---
  saveWorkflowOutcome(outcome: WorkflowOutcome): Promise<string> {
    return this.write(() => this.state.workflowOutcomes.insert(validateWorkflowOutcome(outcome)));
  }
  async getWorkflowOutcome(id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined> {
    validateScopeFilter(scope);
    return this.read(() => this.state.workflowOutcomes.get(id, scope));
  }
  async queryWorkflowOutcomes(query: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]> {
    validateScopeFilter(query.scope);
    return this.read(() => rec.queryWorkflowOutcomes(this.state, query));
  }
  async deleteWorkflowOutcome(id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => this.state.workflowOutcomes.delete(id, scope));
  }

  // --- artifact links ---
  saveArtifactLink(link: ArtifactRef): Promise<string> {
    return this.write(() => this.state.artifactLinks.insert(validateArtifactRef(link)));
  }
  async getArtifactLinks(memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
    validateScopeFilter(scope);
    return this.read(() =>
      rec.oldestFirstClone([...this.state.artifactLinks.inScope(tenantScope(scope))].filter((l) => l.memoryId === memoryId)),
    );
  }
  async deleteArtifactLink(id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => this.state.artifactLinks.delete(id, tenantScope(scope)));
  }

  // --- session handoffs ---
  saveSessionHandoff(handoff: SessionHandoff): Promise<string> {
    return this.write(() => this.state.sessionHandoffs.insert(validateSessionHandoff(handoff)));
  }
  async updateSessionHandoff(
    id: string,
    patch: Partial<Omit<SessionHandoff, 'id' | 'projectId' | 'agent' | 'tenantId'>>,
    scope: ScopeFilter,
  ): Promise<boolean> {
    validateScopeFilter(scope);
    const { projectId: _p, agent: _a, tenantId: _t, ...allowed } = patch as Partial<SessionHandoff>;
    return this.write(() => this.state.sessionHandoffs.patch(id, allowed, tenantScope(scope), validateSessionHandoff));
  }
  async listSessionHandoffs(query: SessionHandoffQuery): Promise<SessionHandoff[]> {
    validateScopeFilter(query.scope);
    return this.read(() => rec.listSessionHandoffs(this.state, query));
  }
  async deleteSessionHandoffs(query: Omit<SessionHandoffQuery, 'limit'>): Promise<number> {
    validateScopeFilter(query.scope);
    return this.write(() => rec.deleteSessionHandoffs(this.state, query));
  }

  // --- work items ---
  saveWorkItem(item: WorkItem): Promise<string> {
    return this.write(() => this.state.workItems.insert(validateWorkItem(item)));
  }
  async getWorkItem(id: string, scope: ScopeFilter): Promise<WorkItem | undefined> {
    validateScopeFilter(scope);
    return this.read(() => this.state.workItems.get(id, tenantScope(scope)));
  }
  async updateWorkItem(id: string, patch: Partial<Omit<WorkItem, 'id' | 'projectId' | 'tenantId'>>, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    const { projectId: _p, tenantId: _t, ...allowed } = patch as Partial<WorkItem>;
    return this.write(() => this.state.workItems.patch(id, allowed, tenantScope(scope), validateWorkItem));
  }
  async listWorkItems(query: WorkItemQuery): Promise<WorkItem[]> {
    validateScopeFilter(query.scope);
    return this.read(() => rec.listWorkItems(this.state, query));
  }
  async deleteWorkItem(id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => this.state.workItems.delete(id, tenantScope(scope)));
  }

  // --- graph ---
  saveEntity(entity: Entity): Promise<string> {
    return this.write(() => this.state.entities.insert(validateEntity(entity)));
  }
  async getEntity(id: string, scope: ScopeFilter): Promise<Entity | undefined> {
    validateScopeFilter(scope);
    return this.read(() => this.state.entities.get(id, tenantScope(scope)));
  }
  async queryEntities(query: EntityQuery): Promise<Entity[]> {
    validateScopeFilter(query.scope);
    return this.read(() => rec.queryEntities(this.state, query));
  }
  async deleteEntity(id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => rec.deleteEntity(this.state, id, scope));
  }
  saveRelationship(relationship: Relationship): Promise<string> {
    return this.write(() => this.state.relationships.insert(validateRelationship(relationship)));
  }
  async queryRelationships(query: RelationshipQuery): Promise<Relationship[]> {
    validateScopeFilter(query.scope);
    return this.read(() => rec.queryRelationships(this.state, query));
  }
  async deleteRelationship(id: string, scope: ScopeFilter): Promise<boolean> {
    validateScopeFilter(scope);
    return this.write(() => this.state.relationships.delete(id, tenantScope(scope)));
  }
  /** The reference answer: the generic breadth-first walk over this store's own reads. */
  traverseGraph(query: GraphTraversalQuery): Promise<GraphTraversal | undefined> {
    return walkGraph(this, query);
  }

  /** Writes a final snapshot when persisting. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.persistPath) saveSnapshot(this.state, this.persistPath);
  }
}
