import { NotSerializableError } from './errors.js';

/** Deeper nesting is rejected instead of overflowing the stack. */
export const MAX_CANONICAL_DEPTH = 1000;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describeInstance(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'an object with a custom prototype';
}

/**
 * Plain object: its prototype is null or an `Object.prototype` — of this realm or another one (worker threads,
 * vm contexts, test sandboxes), recognised by shape since `===` cannot see across realms.
 */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) return true;
  return Object.getPrototypeOf(proto) === null && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** Plain array: an Array whose prototype is an `Array.prototype` (of any realm), not a subclass's. */
function isPlainArray(value: readonly unknown[]): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Array.prototype) return true;
  return proto !== null && Array.isArray(proto) && Object.getPrototypeOf(Object.getPrototypeOf(proto)) === null;
}

/**
 * Serialises a JSON value canonically: object keys sorted by UTF-16 code unit (as RFC 8785), no whitespace,
 * numbers in ECMAScript shortest form. Equal values give byte-identical text, so the text can be hashed.
 *
 * Strict: anything that would not come back unchanged from `JSON.parse` is rejected with a NotSerializableError
 * naming its path (e.g. `state.messages[3].fn`): functions, symbols (as values or keys), BigInt, NaN/Infinity,
 * cycles, `undefined` in arrays or at the root, sparse arrays, and every non-plain object — Date, Map, Set,
 * RegExp, typed arrays, Buffer, class instances. Object properties whose value is `undefined` are omitted (reading
 * them back gives `undefined` again); `-0` is written as `0`. Shared (non-cyclic) references are written in full.
 */
export function canonicalJson(value: unknown, rootPath = 'state', options: CanonicalJsonOptions = {}): string {
  const keys = fastKeyList(value);
  return keys === undefined ? new CanonicalWriter(rootPath, options.substitute).write(value, 0) : JSON.stringify(value, keys);
}

export interface CanonicalJsonOptions {
  /**
   * Writes a value JSON cannot carry (NaN, ±Infinity, BigInt, undefined in an array or at the root, a sparse-array
   * hole as undefined, a function, a symbol, a Date or any other non-plain object or array) as the returned text
   * instead of failing; symbol keys are then left out like `Object.keys` does. Cycles still fail. For comparison
   * keys (the union reducer), not for text that is parsed back: return text that valid JSON never contains, such as
   * a bare word.
   */
  readonly substitute?: (value: unknown) => string;
}

/**
 * The canonical text of each top-level value of a plain object, by key in canonical order (keys whose value is
 * `undefined` left out): `{` + `"key":text` joined by `,` + `}` is exactly `canonicalJson(value)`. Same checks and
 * error paths as `canonicalJson`.
 */
export function canonicalEntries(value: object, rootPath = 'state'): Array<[string, string]> {
  const keys = fastKeyList(value);
  if (keys === undefined) return new CanonicalWriter(rootPath).entries(value, 0);
  const record = value as Record<string, unknown>;
  return Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => [key, JSON.stringify(record[key], keys)]);
}

/** Above this many distinct keys, JSON.stringify with a key list (scanned per object) stops paying off. */
const MAX_FAST_KEYS = 128;

const PROTOTYPES = [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];

/**
 * Is `v` valid canonical JSON input (every rule of `canonicalJson` except cycles, which show as depth)? Collects
 * the object keys into `seen`. No paths, no sorting: on false the slow writer runs and throws the exact error.
 */
function isPlainJson(v: unknown, depth: number, seen: Set<string>): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (depth > MAX_CANONICAL_DEPTH) return false;
  if (Array.isArray(v)) {
    if (!isPlainArray(v)) return false;
    for (let i = 0; i < v.length; i++) {
      if (!(i in v) || !isPlainJson(v[i], depth + 1, seen)) return false;
    }
    return true;
  }
  if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length > 0) return false;
  const record = v as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (child === undefined) continue;
    seen.add(key);
    if (!isPlainJson(child, depth + 1, seen)) return false;
  }
  return true;
}

/**
 * The fast path: when `value` is valid, JSON.stringify with the sorted list of every key it holds writes exactly
 * the canonical text (the list fixes each object's key order; values are written as the slow writer writes them).
 * Undefined — use the slow writer — for invalid input (it throws the precise error), a key list too long to scan
 * per object, a key that also exists on a prototype (JSON.stringify reads listed keys through the prototype
 * chain), or a `toJSON` reachable through a built-in prototype.
 */
function fastKeyList(value: unknown): string[] | undefined {
  const seen = new Set<string>();
  if (!isPlainJson(value, 0, seen) || seen.size > MAX_FAST_KEYS) return undefined;
  if (PROTOTYPES.some((proto) => 'toJSON' in proto)) return undefined;
  const keys = [...seen];
  if (keys.some((key) => key in Object.prototype)) return undefined;
  return keys.sort();
}

/**
 * The slow path: a writer building the text itself, sorting keys per object. Paths are a stack of keys, turned
 * into text only for an error.
 */
class CanonicalWriter {
  private readonly ancestors = new Set<object>();
  private readonly keys: Array<string | number> = [];

  constructor(
    private readonly rootPath: string,
    private readonly substitute?: (value: unknown) => string,
  ) {}

  /** The text of a non-object value; throws (or, with `substitute`, substitutes) for values JSON cannot carry. */
  private scalar(v: unknown): string {
    if (this.substitute && !(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
      return this.substitute(v);
    }
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) this.fail(`${String(v)} has no JSON representation`);
        return JSON.stringify(v);
      case 'bigint':
        return this.fail('BigInt cannot round-trip through JSON; store it as a string');
      case 'function':
        return this.fail('functions cannot be serialised');
      case 'symbol':
        return this.fail('symbols cannot be serialised');
      case 'undefined':
        return this.fail('undefined is not a JSON value here; use null');
      default:
        return 'null';
    }
  }

  private arrayProto(arr: readonly unknown[]): void {
    if (!isPlainArray(arr)) {
      this.fail(`instance of ${describeInstance(arr)} is not a plain array`);
    }
  }

  private objectProto(obj: object): void {
    if (!isPlainObject(obj)) {
      const hint = obj instanceof Date ? '; store date.toISOString() instead' : '';
      this.fail(`instance of ${describeInstance(obj)} is not a plain object${hint}`);
    }
    const symbolKey = this.substitute ? undefined : Object.getOwnPropertySymbols(obj)[0];
    if (symbolKey !== undefined) this.fail('symbol keys cannot be serialised', `[${String(symbolKey)}]`);
  }

  private fail(reason: string, extraKey?: string): never {
    const path = this.keys.reduce<string>((p, key) => childPath(p, key), this.rootPath);
    throw new NotSerializableError(extraKey === undefined ? path : childPath(path, extraKey), reason);
  }

  write(v: unknown, depth: number): string {
    if (typeof v !== 'object' || v === null) return this.scalar(v);
    if (this.substitute && !(Array.isArray(v) ? isPlainArray(v) : isPlainObject(v))) return this.substitute(v);
    if (depth > MAX_CANONICAL_DEPTH) this.fail(`nesting deeper than ${MAX_CANONICAL_DEPTH} levels`);
    if (this.ancestors.has(v)) this.fail('circular reference');
    this.ancestors.add(v);
    const text = Array.isArray(v) ? this.array(v, depth) : this.object(v, depth);
    this.ancestors.delete(v);
    return text;
  }

  private array(arr: readonly unknown[], depth: number): string {
    this.arrayProto(arr);
    let out = '[';
    for (let i = 0; i < arr.length; i++) {
      this.keys.push(i);
      if (!(i in arr) && !this.substitute) this.fail('sparse array hole; use null');
      out += i === 0 ? this.write(arr[i], depth + 1) : `,${this.write(arr[i], depth + 1)}`;
      this.keys.pop();
    }
    return `${out}]`;
  }

  private object(obj: object, depth: number): string {
    let out = '{';
    for (const [key, text] of this.entries(obj, depth)) {
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${text}`;
    }
    return `${out}}`;
  }

  /** The serialised members of a plain object, sorted by key. */
  entries(obj: object, depth: number): Array<[string, string]> {
    this.objectProto(obj);
    const record = obj as Record<string, unknown>;
    const out: Array<[string, string]> = [];
    if (depth === 0) this.ancestors.add(obj);
    for (const key of Object.keys(record).sort()) {
      const child = record[key];
      if (child === undefined) continue;
      this.keys.push(key);
      out.push([key, this.write(child, depth + 1)]);
      this.keys.pop();
    }
    if (depth === 0) this.ancestors.delete(obj);
    return out;
  }
}
