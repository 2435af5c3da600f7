/**
 * Reads an OpenAI embeddings response (as the SDK returns it): `{ data: [{ index, embedding }] }`, embeddings as
 * number arrays or base64 little-endian float32. Returns the vectors in input order; throws a plain Error on any
 * other shape.
 */
export function embeddingsFromResponse(parsed: unknown, expected: number): Float32Array[] {
  const data = (parsed as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data)) throw new Error('no `data` array');
  if (data.length !== expected) throw new Error(`${data.length} embeddings for ${expected} inputs`);
  const out = new Array<Float32Array | undefined>(expected);
  data.forEach((item: unknown, position: number) => {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const at = typeof index === 'number' ? index : position;
    if (!Number.isInteger(at) || at < 0 || at >= expected || out[at]) throw new Error(`bad or repeated index ${String(at)}`);
    out[at] = toVector(embedding, at);
  });
  return out as Float32Array[];
}

function toVector(embedding: unknown, index: number): Float32Array {
  if (Array.isArray(embedding) && embedding.every((x) => typeof x === 'number')) {
    return Float32Array.from(embedding as number[]);
  }
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(Math.floor(bytes.byteLength / 4));
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  throw new Error(`embedding #${index} is neither a number array nor base64`);
}
