import { nativeCodec } from '@alma/storage-sql';

export { cleanPatch } from '@alma/storage-sql';

/**
 * A JSON value bound for a JSONB column, checked to serialise (a BigInt or a cycle is the caller's error, reported
 * as ValidationError naming the field, not as a driver failure). postgres.js serialises it.
 */
export const json = nativeCodec.json;
