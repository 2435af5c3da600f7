import { ConflictError, StorageError } from '@alma/types';
import { mapLimit, type Collection, type Doc } from './collection.js';
import { assertFits, partitionOf, toDoc, type Codec } from './documents.js';
import { ADAPTER } from './errors.js';
import { DELETE_CONCURRENCY } from './store-context.js';

/** Cosmos DB's limits of one transactional batch: 100 operations, 2 MB of payload (kept below for headroom). */
export const BATCH_MAX_OPERATIONS = 100;
export const BATCH_MAX_BYTES = 1_800_000;

/** Splits a partition's documents into batches within the operation and payload limits. */
export function chunkForBatches(docs: readonly Doc[]): Doc[][] {
  const chunks: Doc[][] = [];
  let current: Doc[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc), 'utf8');
    if (current.length > 0 && (current.length >= BATCH_MAX_OPERATIONS || bytes + size > BATCH_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Saves validated records: each tenant partition's records go in transactional batches of creates (atomic on the
 * service). When any batch fails, the documents already created by this call are deleted again, so a duplicate id
 * normally leaves nothing behind — but across partitions (and on servers without batch rollback) this is a
 * compensation, not a transaction: `capabilities.transactions` is false.
 */
export async function saveMemoryBatch<T extends { id: string }>(coll: Collection, codec: Codec, records: readonly T[]): Promise<string[]> {
  const docs = records.map((r) => toDoc(codec, r));
  docs.forEach((doc) => assertFits(codec, doc));
  const groups = new Map<string, Doc[]>();
  for (const [i, doc] of docs.entries()) {
    const pk = partitionOf(codec, doc);
    const group = groups.get(pk) ?? [];
    if (group.some((d) => d.id === doc.id)) {
      throw new ConflictError(`A ${codec.what} batch holds id '${records[i]?.id}' twice (batch rejected, nothing written).`);
    }
    group.push(doc);
    groups.set(pk, group);
  }
  const written: Array<{ id: string; pk: string }> = [];
  try {
    for (const [pk, group] of groups) {
      for (const chunk of chunkForBatches(group)) {
        const outcome = await coll.batchCreate(chunk, pk);
        written.push(...outcome.created.map((i) => ({ id: (chunk[i] as Doc).id, pk })));
        if (!outcome.ok) {
          if (outcome.conflictAt !== undefined) {
            const id = (chunk[outcome.conflictAt] as Doc)['almaId'];
            throw new ConflictError(`A ${codec.what} with id '${String(id)}' already exists (batch rejected, nothing written).`);
          }
          throw new StorageError(ADAPTER, `batch create ${codec.what} failed (batch rejected, nothing written)`);
        }
      }
    }
  } catch (error) {
    await mapLimit(written, DELETE_CONCURRENCY, (ref) => coll.delete(ref.id, ref.pk).catch(() => false));
    throw error;
  }
  return records.map((r) => r.id);
}
