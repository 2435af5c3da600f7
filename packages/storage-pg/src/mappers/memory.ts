import type { Column } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { MemoryType } from '@alma/types';
import { memorySpecs as sqlMemorySpecs, nativeCodec, type MemorySpec as SqlMemorySpec, type NativeForms } from '@alma/storage-sql';
import type { AlmaTables } from '../schema/index.js';

export { minConfidenceCondition } from '@alma/storage-sql';

/**
 * Everything the generic memory queries need to know about one memory type's table: the shared spec
 * (@alma/storage-sql) over PostgreSQL's tables. `embedding` is the row's own `vector(dim)` column (none for user
 * preferences), read and written with the row.
 */
export type MemorySpec = SqlMemorySpec<PgTable, Column>;

/** The five specs over one deployment's tables. */
export function memorySpecs(t: AlmaTables): Readonly<Record<MemoryType, MemorySpec>> {
  return sqlMemorySpecs<NativeForms, PgTable, Column>(nativeCodec, t);
}
