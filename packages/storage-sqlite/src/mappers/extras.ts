import { extrasMappers, textCodec } from '@alma/storage-sql';

export { nameKey } from '@alma/storage-sql';

/** The shared row mappers (@alma/storage-sql) over SQLite's column forms: ISO-8601 text, JSON text, 0/1. */
const rows = extrasMappers(textCodec);
export const { handoffToRow, handoffFromRow, workItemToRow, workItemFromRow } = rows;
export const { entityToRow, entityFromRow, relationshipToRow, relationshipFromRow } = rows;
