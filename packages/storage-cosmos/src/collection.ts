import type { Container, JSONObject, OperationInput, OperationResponse, PatchOperation, SqlQuerySpec } from '@azure/cosmos';
import { guard, isConflict, isNotFound, isPreconditionFailed } from './errors.js';

/** A Cosmos document as this adapter writes it: the record's fields plus `id` (encoded), `almaId`, maybe `pk`. */
export type Doc = Record<string, unknown> & { id: string };

/** A document read together with its ETag (for optimistic concurrency). */
export interface StoredDoc {
  readonly doc: Doc;
  readonly etag: string;
}

/** What the query helpers need; a test can hand in a fake. */
export interface Queryable {
  /** Every result of `spec`, following continuation tokens to the end (never just the first page). */
  queryAll<T>(spec: SqlQuerySpec, partitionKey?: string): Promise<T[]>;
}

/** Outcome of a create-only transactional batch. */
export interface BatchOutcome {
  readonly ok: boolean;
  /** Indexes of the operations the service reports as created (a failed real-service batch reports none). */
  readonly created: number[];
  /** Index of the first operation that failed with 409 (the id already exists), if any. */
  readonly conflictAt?: number;
}

/**
 * One container, with the status codes this adapter acts on turned into values (404 -> undefined/false,
 * 409 -> false, 412 -> 'stale') and every other driver error into a StorageError naming the operation.
 */
export class Collection implements Queryable {
  constructor(
    readonly container: Container,
    /** Human name used in error messages, e.g. 'heuristic'. */
    readonly what: string,
  ) {}

  queryAll<T>(spec: SqlQuerySpec, partitionKey?: string): Promise<T[]> {
    return guard(`query ${this.what}`, async () => {
      const iterator = this.container.items.query<T>(spec, partitionKey === undefined ? {} : { partitionKey });
      const all: T[] = [];
      while (iterator.hasMoreResults()) {
        const page = await iterator.fetchNext();
        if (page.resources) all.push(...page.resources);
      }
      return all;
    });
  }

  /**
   * The results of `spec` page by page, following continuation tokens; stops requesting when the consumer stops
   * iterating, so a large container is never held in memory.
   */
  async *pages<T>(spec: SqlQuerySpec, options: { partitionKey?: string; pageSize?: number } = {}): AsyncGenerator<T[]> {
    const iterator = this.container.items.query<T>(spec, {
      ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
      ...(options.pageSize === undefined ? {} : { maxItemCount: options.pageSize }),
    });
    while (iterator.hasMoreResults()) {
      const page = await guard(`query ${this.what}`, () => iterator.fetchNext());
      if (page.resources && page.resources.length > 0) yield page.resources;
    }
  }

  read(id: string, partitionKey: string): Promise<StoredDoc | undefined> {
    return guard(`read ${this.what}`, async () => {
      try {
        const response = await this.container.item(id, partitionKey).read<Doc>();
        if (response.statusCode === 404 || !response.resource) return undefined;
        return { doc: response.resource, etag: response.etag };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  /** Creates `doc`; false when an item with its id (or unique key) already exists in the partition. */
  create(doc: Doc): Promise<boolean> {
    return guard(`create ${this.what}`, async () => {
      try {
        await this.container.items.create(doc);
        return true;
      } catch (error) {
        if (isConflict(error)) return false;
        throw error;
      }
    });
  }

  /** Replaces `doc` if its ETag is still `etag`. */
  async replace(doc: Doc, etag: string, partitionKey: string): Promise<'ok' | 'stale' | 'missing'> {
    return (await this.replaceIfMatch(doc, etag, partitionKey)).outcome;
  }

  /** `replace`, also returning the document's new ETag. */
  replaceIfMatch(doc: Doc, etag: string, partitionKey: string): Promise<{ outcome: 'ok' | 'stale' | 'missing'; etag?: string }> {
    return guard(`replace ${this.what}`, async () => {
      try {
        const response = await this.container
          .item(doc.id, partitionKey)
          .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
        return { outcome: 'ok', etag: response.etag };
      } catch (error) {
        if (isPreconditionFailed(error)) return { outcome: 'stale' };
        if (isNotFound(error)) return { outcome: 'missing' };
        throw error;
      }
    });
  }

  /** Atomic partial update (e.g. `incr`); false when the item is gone. */
  patch(id: string, partitionKey: string, operations: PatchOperation[]): Promise<boolean> {
    return guard(`patch ${this.what}`, async () => {
      try {
        await this.container.item(id, partitionKey).patch(operations);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /** Deletes one item; false when it did not exist. */
  delete(id: string, partitionKey: string): Promise<boolean> {
    return guard(`delete ${this.what}`, async () => {
      try {
        await this.container.item(id, partitionKey).delete();
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /**
   * A transactional batch (at most 100 operations) in one partition: the per-operation results. A real service
   * applies all or none (the failing operation has its status, the others 424); the protocol test server applies
   * operations until the first failure and rolls nothing back (see `commitRun`).
   */
  batch(operations: OperationInput[], partitionKey: string): Promise<OperationResponse[]> {
    return guard(`batch ${this.what}`, async () => {
      const response = await this.container.items.batch(operations, partitionKey);
      return response.result ?? [];
    });
  }

  /** A transactional batch of creates in one partition (at most 100 operations). */
  batchCreate(docs: readonly Doc[], partitionKey: string): Promise<BatchOutcome> {
    return guard(`batch create ${this.what}`, async () => {
      const operations: OperationInput[] = docs.map((doc) => ({
        operationType: 'Create',
        resourceBody: doc as unknown as JSONObject,
      }));
      const response = await this.container.items.batch(operations, partitionKey);
      const results = response.result ?? [];
      const created = results.flatMap((r, i) => (r.statusCode >= 200 && r.statusCode < 300 ? [i] : []));
      const ok = results.length === docs.length && created.length === docs.length;
      const conflictAt = results.findIndex((r) => r.statusCode === 409);
      return { ok, created, ...(conflictAt >= 0 ? { conflictAt } : {}) };
    });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
