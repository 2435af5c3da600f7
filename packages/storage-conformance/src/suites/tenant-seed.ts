import { expect } from '@jest/globals';
import {
  ADMIN_ALL_TENANTS,
  MEMORY_TYPES,
  VECTOR_MEMORY_TYPES,
  type ArtifactRef,
  type CheckpointRecord,
  type Entity,
  type MemoryRecordMap,
  type MemoryType,
  type Relationship,
  type ScopeFilter,
  type SessionHandoff,
  type StorageBackend,
  type WorkflowOutcome,
  type WorkItem,
} from '@alma/types';
import { sortIds } from '../assertions.js';
import {
  at,
  makeArtifactLink,
  makeCheckpoint,
  makeEntity,
  makeMemory,
  makeRelationship,
  makeSessionHandoff,
  makeWorkflowOutcome,
  makeWorkItem,
  unitVector,
} from '../fixtures.js';

/** The three owners of the tenant-isolation data set: two tenants and tenant-less (single-tenant) data. */
export const TENANT_KEYS = ['a', 'b', 'none'] as const;
export type TenantKey = (typeof TENANT_KEYS)[number];
export const TENANT_IDS: Record<TenantKey, string | undefined> = { a: 'tenant-a', b: 'tenant-b', none: undefined };

/** Every owner writes under the same workflow, run and node ids: only the tenant differs. */
export const SHARED = { workflowId: 'wf-shared', runId: 'run-shared', nodeId: 'node-shared' } as const;
export const SCOPE_LEVELS = ['tenant', 'workflow', 'run', 'node'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** The scope filter owner `key` reads with at `level`. */
export function scopeOf(key: TenantKey, level: ScopeLevel): ScopeFilter {
  const tenantId = TENANT_IDS[key];
  const base: ScopeFilter = tenantId === undefined ? {} : { tenantId };
  const depth = SCOPE_LEVELS.indexOf(level);
  return {
    ...base,
    ...(depth >= 1 ? { workflowId: SHARED.workflowId } : {}),
    ...(depth >= 2 ? { runId: SHARED.runId } : {}),
    ...(depth >= 3 ? { nodeId: SHARED.nodeId } : {}),
  };
}

/** What one owner wrote. */
export interface TenantSeed {
  readonly key: TenantKey;
  readonly memories: { [K in MemoryType]: MemoryRecordMap[K] };
  /** Seq order: no branch, branch b1, no branch. */
  readonly checkpoints: CheckpointRecord[];
  readonly workflowOutcome: WorkflowOutcome;
  /** Linked to the owner's heuristic. */
  readonly artifact: ArtifactRef;
  readonly session: SessionHandoff;
  readonly workItem: WorkItem;
  readonly entities: [Entity, Entity];
  readonly relationship: Relationship;
}
export type TenantSeeds = Record<TenantKey, TenantSeed>;

async function seedOne(store: StorageBackend, key: TenantKey, dim: number): Promise<TenantSeed> {
  const tenant = TENANT_IDS[key] === undefined ? {} : { tenantId: TENANT_IDS[key] };
  const memories = {} as Record<MemoryType, MemoryRecordMap[MemoryType]>;
  for (const type of MEMORY_TYPES) {
    const embedding = VECTOR_MEMORY_TYPES.includes(type) ? { embedding: unitVector(dim, 0) } : {};
    const record = makeMemory(type, { ...tenant, ...SHARED, ...embedding } as never);
    await store.saveMemory(type, record);
    memories[type] = record;
  }
  const checkpoints: CheckpointRecord[] = [];
  for (const branch of [{}, { branchId: 'b1' }, {}]) {
    const input = makeCheckpoint({ ...tenant, ...SHARED, ...branch, createdAt: at(-1000) });
    checkpoints.push(await store.saveCheckpoint(input));
  }
  const { nodeId: _node, ...wfRun } = SHARED;
  const workflowOutcome = makeWorkflowOutcome({ ...tenant, ...wfRun, embedding: unitVector(dim, 0) });
  await store.saveWorkflowOutcome(workflowOutcome);
  const artifact = makeArtifactLink(memories.heuristic.id, tenant);
  await store.saveArtifactLink(artifact);
  const session = makeSessionHandoff(tenant);
  await store.saveSessionHandoff(session);
  const workItem = makeWorkItem(tenant);
  await store.saveWorkItem(workItem);
  const entities: [Entity, Entity] = [
    makeEntity(tenant),
    makeEntity({ ...tenant, name: 'Ledger', entityType: 'database' }),
  ];
  for (const e of entities) await store.saveEntity(e);
  const relationship = makeRelationship(entities[0].id, entities[1].id, tenant);
  await store.saveRelationship(relationship);
  return {
    key,
    memories: memories as TenantSeed['memories'],
    checkpoints,
    workflowOutcome,
    artifact,
    session,
    workItem,
    entities,
    relationship,
  };
}

/** Writes the same-shaped data set under tenant A, tenant B and tenant-less. */
export async function seedTenants(store: StorageBackend, dim: number): Promise<TenantSeeds> {
  const seeds = {} as Record<TenantKey, TenantSeed>;
  for (const key of TENANT_KEYS) seeds[key] = await seedOne(store, key, dim);
  return seeds;
}

/** Reads with `scope` and returns the ids it saw. */
export type Probe = (scope: ScopeFilter) => Promise<string[]>;

/**
 * For every owner and every scope level, the probe sees exactly `own(seed, level)` (so never another owner's ids).
 * With `{ allTenants: true }` it sees the union of every owner's ids at tenant level.
 */
export async function expectIsolated(
  label: string,
  seeds: TenantSeeds,
  probe: Probe,
  own: (seed: TenantSeed, level: ScopeLevel) => string[],
): Promise<void> {
  for (const key of TENANT_KEYS) {
    for (const level of SCOPE_LEVELS) {
      const mine = own(seeds[key], level);
      const seen = await probe(scopeOf(key, level));
      const foreign = seen.filter((id) => !mine.includes(id));
      expect({ label, reader: key, level, foreign }).toEqual({ label, reader: key, level, foreign: [] });
      expect({ label, reader: key, level, seen: sortIds(seen) }).toEqual({
        label,
        reader: key,
        level,
        seen: sortIds(mine),
      });
    }
  }
  const all = TENANT_KEYS.flatMap((key) => own(seeds[key], 'tenant'));
  expect({ label, reader: 'allTenants', seen: sortIds(await probe(ADMIN_ALL_TENANTS)) }).toEqual({
    label,
    reader: 'allTenants',
    seen: sortIds(all),
  });
}

/** Workflow outcomes have no nodeId: a node-level filter (matchesScope) leaves them out. */
export const outcomeAt = (seed: TenantSeed, level: ScopeLevel): string[] =>
  level === 'node' ? [] : [seed.workflowOutcome.id];

/** Tries a `get` of every owner's id and returns the ids found. */
export function getProbe<T extends { id: string }>(
  seeds: TenantSeeds,
  idOf: (seed: TenantSeed) => string,
  get: (id: string, scope: ScopeFilter) => Promise<T | undefined>,
): Probe {
  return async (scope) => {
    const found: string[] = [];
    for (const key of TENANT_KEYS) {
      const record = await get(idOf(seeds[key]), scope);
      if (record !== undefined) found.push(record.id);
    }
    return found;
  };
}
