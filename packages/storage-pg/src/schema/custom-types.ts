import { customType } from 'drizzle-orm/pg-core';

/** pgvector's text form of a vector: `[1,0.5,-2]`. Float32 values print exactly enough to parse back unchanged. */
export const vectorLiteral = (v: Float32Array): string => `[${Array.from(v).join(',')}]`;

export const parseVector = (text: string): Float32Array => Float32Array.from(JSON.parse(text) as number[]);

/** A pgvector `vector(dim)` column holding Float32Array values. */
export const vector = (name: string, dim: number) =>
  customType<{ data: Float32Array; driverData: string }>({
    dataType: () => `vector(${dim})`,
    toDriver: vectorLiteral,
    fromDriver: (value) => parseVector(String(value)),
  })(name);

/**
 * A JSONB column whose JS value goes to postgres.js as is: postgres.js serialises jsonb parameters itself (its
 * default `JSON.stringify` serializer), which drizzle's own `jsonb` would double-encode on a client drizzle has not
 * reconfigured. Reads accept parsed values (postgres.js default) and text.
 */
export const jsonb = <T>(name: string) =>
  customType<{ data: T; driverData: unknown }>({
    dataType: () => 'jsonb',
    toDriver: (value) => value,
    fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  })(name);

/**
 * Decodes pgvector's binary form (`vector_send`: uint16 dimensions, uint16 unused, then big-endian float32s). Reading
 * vectors this way skips the server's float-to-text formatting and the client's text parsing: about twice as fast
 * for rows with 384-dimension embeddings.
 */
export function decodeVectorSend(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dim = view.getUint16(0);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = view.getFloat32(4 + 4 * i);
  return out;
}
