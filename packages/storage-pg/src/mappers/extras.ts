import { extrasMappers, nativeCodec } from '@alma/storage-sql';

export { nameKey } from '@alma/storage-sql';

/** The shared row mappers (@alma/storage-sql) over PostgreSQL's column forms: timestamptz, jsonb, boolean. */
const rows = extrasMappers(nativeCodec);
export const { handoffToRow, handoffFromRow, workItemToRow, workItemFromRow } = rows;
export const { entityToRow, entityFromRow, relationshipToRow, relationshipFromRow } = rows;
