import { newId } from '@alma/types';

/** Project and agent every fixture uses unless overridden. */
export const FIXTURE_PROJECT = 'proj-conformance';
export const FIXTURE_AGENT = 'agent-alpha';
export const FIXTURE_USER = 'user-alpha';

/** Fixed reference instant (2024-01-15T12:00:00Z), so orders and ages are known exactly. */
export const BASE_TIME = Date.UTC(2024, 0, 15, 12, 0, 0);

/** BASE_TIME shifted by `offsetMinutes`. */
export function at(offsetMinutes: number): Date {
  return new Date(BASE_TIME + offsetMinutes * 60_000);
}

/** A JSON metadata bag with nested objects, arrays, numbers, booleans and null. */
export function sampleMetadata(label = 'fixture'): Record<string, unknown> {
  return { label, nested: { count: 3, ratio: 0.25, flags: [true, false], none: null }, list: ['a', 1, { deep: 'x' }] };
}

/** Ids sharing one random stem, so `ids[0] < ids[1] < ...` in byte order (for tie-break checks). */
export function orderedIds(prefix: string, count: number): string[] {
  const stem = newId(prefix);
  return Array.from({ length: count }, (_, i) => `${stem}-${String.fromCharCode(97 + i)}`);
}

/** A vector of dimension `dim` with `components` first and zeros after. */
export function vector(dim: number, components: readonly number[]): Float32Array<ArrayBuffer> {
  const v = new Float32Array(dim);
  components.forEach((c, i) => {
    if (i < dim) v[i] = c;
  });
  return v;
}

/** The unit vector along `axis`, optionally scaled. */
export function unitVector(dim: number, axis: number, scale = 1): Float32Array<ArrayBuffer> {
  const v = new Float32Array(dim);
  v[axis] = scale;
  return v;
}
