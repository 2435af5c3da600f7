import { ConflictError, matchesScope, type ScopeFilter } from '@alma/types';
import { mapLimit, type Collection, type Doc, type StoredDoc } from './collection.js';
import type { ContainerKey } from './containers.js';
import { assertFits, fromDoc, toDoc, type Codec } from './documents.js';
import { encodeItemId } from './ids.js';
import { scopeWhere, Sql, tenantPartition } from './sql.js';

/** What every operation module works with. */
export interface StoreContext {
  readonly c: Readonly<Record<ContainerKey, Collection>>;
  readonly vectorMode: 'native' | 'in-process';
  readonly now: () => Date;
}

/** Parallel requests of one bulk delete. */
export const DELETE_CONCURRENCY = 8;
/** Read-modify-replace attempts before a hot record is reported as a ConflictError. */
export const MAX_UPDATE_ATTEMPTS = 20;

/** The location of a document: enough to delete or patch it. */
export interface DocRef {
  readonly id: string;
  readonly pk: string;
  readonly almaId: string;
  readonly tenantId?: string;
}

/**
 * The document of `id` inside `filter`, in a tenant-partitioned container. A tenant (or tenant-less) read is a
 * point read in that tenant's partition — isolation comes from the partition key of the request — and the rest
 * of the filter (workflow/run/node) is checked with `matchesScope`. An admin read queries across partitions.
 */
export async function findInTenant(coll: Collection, id: string, filter: ScopeFilter): Promise<StoredDoc | undefined> {
  const itemId = encodeItemId(id);
  if (!filter.allTenants) {
    const found = await coll.read(itemId, tenantPartition(filter.tenantId));
    return found && matchesScope(found.doc as never, filter) ? found : undefined;
  }
  const sql = new Sql();
  scopeWhere(sql, filter, true);
  sql.eq('id', itemId);
  const [doc] = await coll.queryAll<Doc>(sql.build('*'));
  return doc ? { doc, etag: String(doc['_etag']) } : undefined;
}

/**
 * Optimistic read-modify-write: `find` the document, `apply` the change to its record, replace it if its ETag is
 * unchanged, and start over when another writer got there first. False when the document is not (or no longer) there.
 */
export async function updateWithEtag<T extends object>(
  coll: Collection,
  codec: Codec,
  find: () => Promise<StoredDoc | undefined>,
  apply: (record: T) => T,
): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const found = await find();
    if (!found) return false;
    const next = toDoc(codec, apply(fromDoc<T>(codec, found.doc)));
    assertFits(codec, next);
    const result = await coll.replace(next, found.etag, pkOf(found.doc, codec));
    if (result === 'ok') return true;
    if (result === 'missing') return false;
  }
  throw new ConflictError(
    `The ${codec.what} changed under ${MAX_UPDATE_ATTEMPTS} consecutive update attempts (ETag mismatch); nothing was written.`,
  );
}

/** The partition key value of a stored document. */
export function pkOf(doc: Doc, codec: Codec): string {
  return String(codec.pkField === 'pk' ? doc['pk'] : doc[codec.pkField]);
}

/** Locations of the documents a query returns (`SELECT c.id, c.<pk> AS pk, c.almaId, c.tenantId`). */
export async function refsOf(coll: Collection, sql: Sql, pkField: Codec['pkField'], partitionKey?: string): Promise<DocRef[]> {
  return coll.queryAll<DocRef>(sql.build(`c.id, c.${pkField} AS pk, c.almaId, c.tenantId`), partitionKey);
}

/** Deletes the documents (a few requests in flight); returns the ids of those that existed. */
export async function deleteRefs(coll: Collection, refs: readonly DocRef[]): Promise<DocRef[]> {
  const deleted = await mapLimit(refs, DELETE_CONCURRENCY, (ref) => coll.delete(ref.id, ref.pk));
  return refs.filter((_, i) => deleted[i]);
}

/** Runs `fn` for each run id, a few at a time (head refreshes after bulk deletes). */
export function mapLimitRuns<R>(runIds: readonly string[], fn: (runId: string) => Promise<R>): Promise<R[]> {
  return mapLimit(runIds, DELETE_CONCURRENCY, fn);
}

/** `SELECT VALUE COUNT(1)` (partial counts of a cross-partition query are summed). */
export async function countWhere(coll: Collection, sql: Sql, partitionKey?: string): Promise<number> {
  const counts = await coll.queryAll<number>(sql.build('VALUE COUNT(1)'), partitionKey);
  return counts.reduce((a, b) => a + b, 0);
}

/** Validates-then-stores one record; a duplicate id (in its partition) is a ConflictError. */
export async function createRecord<T extends { id: string }>(coll: Collection, codec: Codec, record: T): Promise<string> {
  const doc = toDoc(codec, record);
  assertFits(codec, doc);
  if (!(await coll.create(doc))) {
    throw new ConflictError(`A ${codec.what} with id '${record.id}' already exists.`);
  }
  return record.id;
}

/** Patch values as `updateMemory` & co. apply them: undefined means "leave as is". */
export function definedEntries<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
