import { isDeepStrictEqual } from 'node:util';
import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  type SearchOperation,
} from '@langchain/langgraph-checkpoint';
import {
  embeddingTextOf,
  idSchema,
  MEMORY_TYPES,
  parseInput,
  validateMemory,
  ValidationError,
  VECTOR_MEMORY_TYPES,
  type MemoryRecord,
  type MemoryType,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import {
  isMemoryType,
  keywordScore,
  matchesConditions,
  ownerField,
  parseNamespace,
  timeDefaults,
  toItem,
} from './items.js';

/** Options of `AlmaMemoryStore`. */
export interface AlmaMemoryStoreOptions {
  /** Any ALMA store; the memory store never closes it. */
  readonly storage: StorageBackend;
  /** The ALMA project every memory of this store belongs to. */
  readonly projectId: string;
  /** @default undefined (tenant-less data) */
  readonly tenantId?: string;
  /**
   * Embeds text for similarity search (e.g. `(text) => embeddings.embedQuery(text)`). Memories put through the
   * store are embedded with it; `search({ query })` ranks by cosine similarity. Without it, or for user
   * preferences (never embedded), a query ranks by the share of its words found in the memory text.
   * @default undefined
   */
  readonly embed?: (text: string) => Promise<Float32Array | number[]>;
}

/** Most records one query reads (the stores' own upper bound). */
const MAX_READ = 100_000;

/**
 * ALMA memories as a LangGraph `BaseStore`, so graph nodes read and write them through `getStore()`:
 * namespace `[memoryType, agent]` (`[user_preference, userId]` for preferences), key = memory id, value = the
 * record's fields. Values are validated with ALMA's schemas; a put on an existing key updates the given fields.
 */
export class AlmaMemoryStore extends BaseStore {
  readonly storage: StorageBackend;
  readonly projectId: string;
  readonly tenantId: string | undefined;
  private readonly scope: ScopeFilter;
  private readonly embed: AlmaMemoryStoreOptions['embed'];

  constructor(options: AlmaMemoryStoreOptions) {
    super();
    if (typeof options?.storage?.queryMemories !== 'function') {
      throw new ValidationError('Invalid AlmaMemoryStore options: storage must be an ALMA StorageBackend.', [
        { path: 'storage', message: 'must be an ALMA StorageBackend' },
      ]);
    }
    this.storage = options.storage;
    this.projectId = parseInput(idSchema, options.projectId, 'projectId');
    this.tenantId = options.tenantId === undefined ? undefined : parseInput(idSchema, options.tenantId, 'tenantId');
    this.scope = this.tenantId === undefined ? {} : { tenantId: this.tenantId };
    this.embed = options.embed;
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    for (const op of operations) {
      if ('value' in op) results.push(await this.putOp(op));
      else if ('namespacePrefix' in op) results.push(await this.searchOp(op));
      else if ('key' in op) results.push(await this.getOp(op));
      else results.push(await this.listNamespacesOp(op));
    }
    return results as OperationResults<Op>;
  }

  private async find(type: MemoryType, key: string, owner: string | undefined): Promise<MemoryRecord | undefined> {
    const record = await this.storage.getMemory(type, key, this.scope);
    if (record === undefined) return undefined;
    const recordOwner = (record as unknown as Record<string, unknown>)[ownerField(type)];
    return owner === undefined || recordOwner === owner ? record : undefined;
  }

  private async getOp(op: GetOperation): Promise<Item | null> {
    const { type, owner } = parseNamespace(op.namespace);
    const record = await this.find(type, op.key, owner);
    return record === undefined ? null : toItem(type, record);
  }

  private async putOp(op: PutOperation): Promise<void> {
    const { type, owner: nsOwner } = parseNamespace(op.namespace);
    const field = ownerField(type);
    if (op.value === null) {
      if ((await this.find(type, op.key, nsOwner)) !== undefined)
        await this.storage.deleteMemory(type, op.key, this.scope);
      return;
    }
    const given = op.value as Record<string, unknown>;
    const owner = nsOwner ?? (given[field] as string | undefined);
    if (owner === undefined || (given[field] !== undefined && given[field] !== owner)) {
      throw new ValidationError(
        `AlmaMemoryStore.put: the namespace [${type}, ${field}] names the owner of the memory.`,
        [{ path: `value.${field}`, message: 'must match the namespace owner, which is required' }]
      );
    }
    const existing = await this.storage.getMemory(type, op.key, this.scope);
    const existingFields = existing as unknown as Record<string, unknown> | undefined;
    if (existingFields !== undefined && existingFields[field] !== owner) {
      throw new ValidationError(`AlmaMemoryStore.put: memory '${op.key}' belongs to another ${field}.`, [
        { path: 'key', message: `belongs to ${field} '${String(existingFields[field])}'` },
      ]);
    }
    const base = existingFields ?? { metadata: {}, ...timeDefaults(type, new Date()) };
    const merged: Record<string, unknown> = {
      ...base,
      ...given,
      [field]: owner,
      id: op.key,
      projectId: this.projectId,
    };
    if (this.tenantId !== undefined) merged['tenantId'] = this.tenantId;
    let record = validateMemory(type, merged);
    if (this.embed && op.index !== false && VECTOR_MEMORY_TYPES.includes(type)) {
      record = validateMemory(type, { ...record, embedding: await this.embed(embeddingTextOf(type, record)) });
    }
    if (existing === undefined) {
      await this.storage.saveMemory(type, record);
      return;
    }
    const patch: Record<string, unknown> = {};
    for (const key of [...Object.keys(given), 'embedding']) {
      const value = (record as unknown as Record<string, unknown>)[key];
      if (value !== undefined && !['id', 'agent', 'userId', 'projectId', 'tenantId'].includes(key)) patch[key] = value;
    }
    await this.storage.updateMemory(type, op.key, patch as never, this.scope);
  }

  /** Every memory of the project under the prefix, newest first (or ranked by similarity when embedded). */
  private async read(prefix: readonly string[], embedding?: Float32Array | number[]) {
    if (prefix.length > 2 || (prefix.length > 0 && !isMemoryType(prefix[0]))) return [];
    const types = prefix.length === 0 ? MEMORY_TYPES : [prefix[0] as MemoryType];
    const owner = prefix[1];
    const found: Array<{ type: MemoryType; record: MemoryRecord; similarity?: number }> = [];
    for (const type of types) {
      const ranked = embedding !== undefined && VECTOR_MEMORY_TYPES.includes(type);
      const results = await this.storage.queryMemories(type, {
        scope: this.scope,
        projectId: this.projectId,
        topK: MAX_READ,
        ...(owner === undefined ? {} : type === 'user_preference' ? { userId: owner } : { agents: [owner] }),
        ...(ranked ? { embedding: Float32Array.from(embedding) } : {}),
      });
      for (const r of results)
        found.push({ type, record: r.record, ...(ranked ? { similarity: r.similarity ?? 0 } : {}) });
    }
    return found;
  }

  private async searchOp(op: SearchOperation): Promise<SearchItem[]> {
    const embedding = op.query && this.embed ? await this.embed(op.query) : undefined;
    const items: SearchItem[] = [];
    for (const { type, record, similarity } of await this.read(op.namespacePrefix, embedding)) {
      const item: SearchItem = toItem(type, record);
      if (op.filter && !Object.entries(op.filter).every(([k, v]) => isDeepStrictEqual(item.value[k], v))) continue;
      if (op.query) {
        item.score = similarity ?? keywordScore(op.query, embeddingTextOf(type, record as never));
        if (similarity === undefined && item.score === 0) continue;
      }
      items.push(item);
    }
    items.sort((a, b) =>
      op.query
        ? (b.score ?? 0) - (a.score ?? 0)
        : b.updatedAt.getTime() - a.updatedAt.getTime() || (a.key < b.key ? -1 : 1)
    );
    const offset = op.offset ?? 0;
    return items.slice(offset, offset + (op.limit ?? 10));
  }

  private async listNamespacesOp(op: ListNamespacesOperation): Promise<string[][]> {
    const seen = new Map<string, string[]>();
    for (const { type, record } of await this.read([])) {
      let namespace = toItem(type, record).namespace;
      if (op.maxDepth !== undefined) namespace = namespace.slice(0, op.maxDepth);
      if (matchesConditions(namespace, op.matchConditions)) seen.set(JSON.stringify(namespace), namespace);
    }
    const sorted = [...seen.values()].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
    return sorted.slice(op.offset, op.offset + op.limit);
  }
}
