import {
  MAX_QUERY_TOP_K,
  newId,
  NotFoundError,
  parseInput,
  ValidationError,
  walkGraph,
  type Entity,
  type GraphTraversalQuery,
  type Relationship,
  type ScopeFilter,
  type WorkflowContext,
} from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';
import { scopeOfContext, tenantFieldOf, type ModuleContextInput, type ModuleHost } from '../module-host.js';
import {
  addEntitySchema,
  addRelationshipSchema,
  findEntitiesSchema,
  invalidateSchema,
  neighboursSchema,
  relationshipsQuerySchema,
  type AddEntityInput,
  type AddRelationshipInput,
  type FindEntitiesInput,
  type InvalidateOptions,
  type NeighboursOptions,
  type RelationshipsQueryInput,
} from './inputs.js';
import { overlaps } from './overlaps.js';

export interface GraphNeighbourhood {
  readonly root: Entity;
  /** Entities reached with their fewest hops from the root, by (depth, id) (root excluded). */
  readonly entities: ReadonlyArray<{ readonly entity: Entity; readonly depth: number }>;
  /** The edges among the root and the returned entities that the walk follows, oldest first. */
  readonly relationships: readonly Relationship[];
  /** True when maxEntities left reached entities out. */
  readonly truncated: boolean;
}

const idArg = z.string().min(1, 'must not be empty').max(256);
const ctxOnly = z.object({ context: contextSchema.optional() }).strict();
/** Relationships read per query: the most a store must return at once (the contract's default is 1000). */
const READ_LIMIT = MAX_QUERY_TOP_K;

/**
 * Graph memory on the storage contract (no graph server): entities deduplicated by case-insensitive name + type,
 * directed relationships with validity intervals, invalidation instead of deletion, and neighbourhoods to N hops
 * as of any instant — one recursive SQL query on SQLite and PostgreSQL (`traverseGraph`), the generic breadth-first
 * `walkGraph` over `queryRelationships` on stores without it; both give the same answer.
 */
export class GraphMemory {
  constructor(private readonly host: ModuleHost) {}

  /** Creates the entity, or returns the existing one with the same name (any case) and type. */
  async addEntity(input: AddEntityInput): Promise<{ entity: Entity; created: boolean }> {
    const i = parseInput(addEntitySchema, input, 'entity input');
    const ctx = this.host.context(i.context, 'addEntity');
    const [existing] = await this.host.storage.queryEntities({
      scope: scopeOfContext(ctx), projectId: this.host.projectId, name: i.name, entityType: i.entityType, limit: 1,
    });
    if (existing) return { entity: existing, created: false };
    const entity: Entity = {
      id: newId('ent'),
      projectId: this.host.projectId,
      ...tenantFieldOf(ctx),
      name: i.name,
      entityType: i.entityType,
      properties: i.properties ?? {},
      createdAt: this.host.now(),
    };
    await this.host.storage.saveEntity(entity);
    return { entity, created: true };
  }

  async getEntity(id: string, options: { context?: ModuleContextInput } = {}): Promise<Entity | undefined> {
    const ctx = this.ctx(options, 'getEntity');
    return this.host.storage.getEntity(parseInput(idArg, id, 'entity id'), scopeOfContext(ctx));
  }

  async findEntities(query: FindEntitiesInput = {}): Promise<Entity[]> {
    const q = parseInput(findEntitiesSchema, query, 'entity query');
    const ctx = this.host.context(q.context, 'findEntities');
    return this.host.storage.queryEntities({
      scope: scopeOfContext(ctx), projectId: this.host.projectId, limit: q.limit,
      ...(q.name ? { name: q.name } : {}), ...(q.entityType ? { entityType: q.entityType } : {}),
    });
  }

  /**
   * Adds a directed edge between two existing entities. The same edge (source, target, type) with an overlapping
   * validity interval is not stored twice: the existing one is returned with `created: false`.
   */
  async addRelationship(input: AddRelationshipInput): Promise<{ relationship: Relationship; created: boolean }> {
    const i = parseInput(addRelationshipSchema, input, 'relationship input');
    const ctx = this.host.context(i.context, 'addRelationship');
    const scope = scopeOfContext(ctx);
    for (const [field, id] of [['sourceId', i.sourceId], ['targetId', i.targetId]] as const) {
      if (!(await this.host.storage.getEntity(id, scope))) throw new NotFoundError(`Entity (${field})`, id);
    }
    const same = (await this.query(scope, { entityIds: [i.sourceId], direction: 'out', relationType: i.relationType })).find(
      (r) => r.targetId === i.targetId && overlaps(r, i),
    );
    if (same) return { relationship: same, created: false };
    const relationship: Relationship = {
      id: newId('rel'),
      projectId: this.host.projectId,
      ...tenantFieldOf(ctx),
      sourceId: i.sourceId,
      targetId: i.targetId,
      relationType: i.relationType,
      properties: i.properties ?? {},
      confidence: i.confidence ?? 1,
      ...(i.validFrom ? { validFrom: i.validFrom } : {}),
      ...(i.validTo ? { validTo: i.validTo } : {}),
      createdAt: this.host.now(),
    };
    await this.host.storage.saveRelationship(relationship);
    return { relationship, created: true };
  }

  /**
   * Ends a relationship's validity at `at` (default now; pass a Date or `{ at, context }`) instead of deleting it, so
   * as-of queries before `at` still see it. Already ended earlier: returned unchanged.
   */
  async invalidateRelationship(id: string, options: InvalidateOptions | Date = {}): Promise<Relationship> {
    const relId = parseInput(idArg, id, 'relationship id');
    const o = parseInput(invalidateSchema, options instanceof Date ? { at: options } : options, 'invalidate options');
    const ctx = this.host.context(o.context, 'invalidateRelationship');
    const scope = scopeOfContext(ctx);
    const at = o.at ?? this.host.now();
    const current = (await this.query(scope, {})).find((r) => r.id === relId);
    if (!current) throw new NotFoundError('Relationship', relId);
    if (current.validTo && current.validTo.getTime() <= at.getTime()) return current;
    if (current.validFrom && current.validFrom.getTime() >= at.getTime()) {
      throw new ValidationError(`Invalid invalidate options: at: must be after the relationship's validFrom (${current.validFrom.toISOString()})`, [
        { path: 'at', message: 'must be after validFrom' },
      ]);
    }
    // The contract has no updateRelationship: replace the record under the same id.
    const next: Relationship = { ...current, validTo: at };
    await this.host.storage.deleteRelationship(relId, scope);
    await this.host.storage.saveRelationship(next);
    return next;
  }

  /** Relationships of an entity (or of the project), optionally as of an instant; oldest first. */
  async getRelationships(query: RelationshipsQueryInput = {}): Promise<Relationship[]> {
    const q = parseInput(relationshipsQuerySchema, query, 'relationship query');
    const ctx = this.host.context(q.context, 'getRelationships');
    return this.query(scopeOfContext(ctx), {
      ...(q.entityId ? { entityIds: [q.entityId] } : {}), direction: q.direction,
      ...(q.relationType ? { relationType: q.relationType } : {}), ...(q.asOf ? { asOf: q.asOf } : {}), limit: q.limit,
    });
  }

  /**
   * Entities within `hops` edges of `entityId`, walking only edges valid at `asOf` (default now). Nearest first, ties
   * by id; `maxEntities` (root included) keeps the nearest ones.
   */
  async neighbours(entityId: string, options: NeighboursOptions = {}): Promise<GraphNeighbourhood> {
    const rootId = parseInput(idArg, entityId, 'entity id');
    const o = parseInput(neighboursSchema, options, 'neighbours options');
    const ctx = this.host.context(o.context, 'neighbours');
    const query: GraphTraversalQuery = {
      scope: scopeOfContext(ctx),
      projectId: this.host.projectId,
      rootId,
      hops: o.hops,
      direction: o.direction,
      maxEntities: o.maxEntities,
      ...(o.relationTypes ? { relationTypes: o.relationTypes } : {}),
      ...(o.includeInvalid ? {} : { asOf: o.asOf ?? this.host.now() }),
    };
    const storage = this.host.storage;
    // One recursive query where the store has it; the same answer from per-hop reads everywhere else.
    const found = await (storage.traverseGraph?.(query) ?? walkGraph(storage, query));
    if (!found) throw new NotFoundError('Entity', rootId);
    return found;
  }

  /** Deletes the entity and every relationship touching it. */
  async deleteEntity(id: string, options: { context?: ModuleContextInput } = {}): Promise<boolean> {
    const ctx = this.ctx(options, 'deleteEntity');
    return this.host.storage.deleteEntity(parseInput(idArg, id, 'entity id'), scopeOfContext(ctx));
  }

  async deleteRelationship(id: string, options: { context?: ModuleContextInput } = {}): Promise<boolean> {
    const ctx = this.ctx(options, 'deleteRelationship');
    return this.host.storage.deleteRelationship(parseInput(idArg, id, 'relationship id'), scopeOfContext(ctx));
  }

  private ctx(options: { context?: ModuleContextInput }, operation: string): WorkflowContext {
    return this.host.context(parseInput(ctxOnly, options, 'options').context, operation);
  }

  private query(
    scope: ScopeFilter,
    q: { entityIds?: string[]; direction?: 'out' | 'in' | 'both'; relationType?: string; asOf?: Date; limit?: number },
  ): Promise<Relationship[]> {
    return this.host.storage.queryRelationships({ scope, projectId: this.host.projectId, limit: READ_LIMIT, ...q });
  }
}
