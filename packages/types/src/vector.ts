/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. Vectors must have the same length. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  // sqrt each norm separately: na * nb can underflow to 0 for tiny vectors (0 / 0 = NaN); clamp rounding noise.
  const denominator = Math.sqrt(na) * Math.sqrt(nb);
  if (denominator === 0) return 0;
  return Math.min(1, Math.max(-1, dot / denominator));
}

/** Unit-length copy (all-zero input stays all zeros). */
export function normalizeVector(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  const out = new Float32Array(v.length);
  if (norm === 0) return out;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) * inv;
  return out;
}

/** Float32Array <-> bytes, for stores that keep embeddings as compact blobs. */
export function vectorToBytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
}
