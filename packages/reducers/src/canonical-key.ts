import { isPlainObject, tagOf } from './values.js';

/**
 * Returns a function mapping values to strings that are equal for structurally equal values; `union` uses it to
 * dedupe. Like canonical JSON (object keys sorted, keys whose value is undefined left out) but typed, so `1`, `'1'`
 * and `true` stay distinct, and NaN equals NaN. Dates compare by time; other non-plain objects (class instances,
 * functions, Maps) compare by identity, which is why one keyer must be used for all values being compared.
 * The function throws a TypeError for a cyclic value.
 */
export function canonicalKeyer(): (value: unknown) => string {
  const identity = new IdentityIds();
  return (value) => keyOf(value, new Set(), identity);
}

class IdentityIds {
  private readonly ids = new Map<unknown, number>();
  idOf(value: unknown): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }
}

function keyOf(value: unknown, stack: Set<object>, identity: IdentityIds): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? 'n:0' : `n:${String(value)}`;
    case 'boolean':
      return `b:${String(value)}`;
    case 'bigint':
      return `i:${value.toString()}`;
    case 'undefined':
      return 'u';
    case 'object':
      break;
    default:
      // functions and symbols
      return `ref:${identity.idOf(value)}`;
  }
  if (value === null) return 'null';
  if (stack.has(value)) throw new TypeError('cannot compare a cyclic value');
  if (tagOf(value) === 'Date') return `d:${(value as Date).getTime()}`;
  if (!Array.isArray(value) && !isPlainObject(value)) return `ref:${identity.idOf(value)}`;
  stack.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => keyOf(item, stack, identity)).join(',')}]`;
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${keyOf(value[key], stack, identity)}`);
    return `{${entries.join(',')}}`;
  } finally {
    stack.delete(value);
  }
}
