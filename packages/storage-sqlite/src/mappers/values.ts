import { bytesToVector } from '@alma/types';
import { textCodec } from '@alma/storage-sql';

export { stripUndefined } from '@alma/storage-sql';

/** Times as `toISOString()` text (fixed width, so text order is time order), JSON as text: `textCodec`. */
export const iso = textCodec.time;
/** Lenient for legacy rows: a missing time reads as the epoch rather than failing the whole read. */
export const toDate = textCodec.readTime;
export const json = textCodec.json;

export const vectorBlob = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
export const blobVector = (b: Uint8Array | null | undefined): Float32Array | undefined =>
  b === null || b === undefined ? undefined : bytesToVector(b);
