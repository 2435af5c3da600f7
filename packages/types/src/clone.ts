/**
 * Realm-safe checks and a deep clone for record values (plain objects, arrays, Date, Float32Array, primitives).
 * `instanceof` fails across realms (worker threads, vm contexts, test sandboxes), so these look at the tag.
 */
export const isFloat32Array = (v: unknown): v is Float32Array =>
  Object.prototype.toString.call(v) === '[object Float32Array]';

export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return new Date(value.getTime()) as T;
  if (isFloat32Array(value)) return Float32Array.from(value) as T;
  if (Array.isArray(value)) return value.map(deepClone) as T;
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a '__proto__' key stays a plain key instead of changing the prototype.
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, { value: deepClone(v), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}
