/** Value helpers shared by the reducers and the merger: plain-object checks, deep copies, readable type names. */

/** The `[object X]` tag; unlike `instanceof` it works for values from another realm (vm context, worker). */
export function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/**
 * A plain object: `{}` literal, `Object.create(null)` or parsed JSON, from any realm; not an array, Date, Map or
 * class instance.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || tagOf(value) !== 'Object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const CLONEABLE_TAGS = new Set(['Date', 'Map', 'Set', 'RegExp']);

/** Sets an own enumerable property, also for keys like `__proto__` that plain assignment would treat specially. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Deep copy of state data. Arrays and plain objects are copied recursively (cycles and shared references are kept
 * as cycles and shared references in the copy); Dates, Maps, Sets, RegExps and typed arrays are cloned; functions,
 * symbols and class instances are not data and are kept by reference.
 */
export function deepCopy<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copy(item, seen));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    seen.set(value, out);
    for (const key of Object.keys(value)) setOwn(out, key, copy(value[key], seen));
    return out;
  }
  if (CLONEABLE_TAGS.has(tagOf(value)) || ArrayBuffer.isView(value)) {
    try {
      const out = structuredClone(value);
      seen.set(value, out);
      return out;
    } catch {
      // e.g. a Map holding a function: not cloneable data, keep the reference.
      return value;
    }
  }
  return value;
}

/** "a string", "an array", "null", "a number (NaN)" ... for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return `a number (${String(value)})`;
  if (typeof value === 'object') {
    if (isPlainObject(value)) return 'an object';
    const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === 'string' && ctor ? withArticle(ctor) : 'an object';
  }
  return withArticle(typeof value);
}

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
