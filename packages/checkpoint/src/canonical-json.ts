import { NotSerializableError } from '@alma/types';

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

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
export function canonicalJson(value: unknown, rootPath = 'state'): string {
  const parts: string[] = [];
  const ancestors = new Set<object>();

  const write = (v: unknown, path: string, depth: number): void => {
    switch (typeof v) {
      case 'string':
        parts.push(JSON.stringify(v));
        return;
      case 'boolean':
        parts.push(v ? 'true' : 'false');
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new NotSerializableError(path, `${String(v)} has no JSON representation`);
        parts.push(JSON.stringify(v));
        return;
      case 'bigint':
        throw new NotSerializableError(path, 'BigInt cannot round-trip through JSON; store it as a string');
      case 'function':
        throw new NotSerializableError(path, 'functions cannot be serialised');
      case 'symbol':
        throw new NotSerializableError(path, 'symbols cannot be serialised');
      case 'undefined':
        throw new NotSerializableError(path, 'undefined is not a JSON value here; use null');
      default:
        break;
    }
    if (v === null) {
      parts.push('null');
      return;
    }
    const obj = v as object;
    if (depth > MAX_CANONICAL_DEPTH) {
      throw new NotSerializableError(path, `nesting deeper than ${MAX_CANONICAL_DEPTH} levels`);
    }
    if (ancestors.has(obj)) throw new NotSerializableError(path, 'circular reference');
    ancestors.add(obj);
    if (Array.isArray(obj)) writeArray(obj, path, depth);
    else writeObject(obj, path, depth);
    ancestors.delete(obj);
  };

  const writeArray = (arr: readonly unknown[], path: string, depth: number): void => {
    if (Object.getPrototypeOf(arr) !== Array.prototype) {
      throw new NotSerializableError(path, `instance of ${describeInstance(arr)} is not a plain array`);
    }
    parts.push('[');
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) parts.push(',');
      const item = childPath(path, i);
      if (!(i in arr)) throw new NotSerializableError(item, 'sparse array hole; use null');
      write(arr[i], item, depth + 1);
    }
    parts.push(']');
  };

  const writeObject = (obj: object, path: string, depth: number): void => {
    if (!isPlainObject(obj)) {
      const hint = obj instanceof Date ? '; store date.toISOString() instead' : '';
      throw new NotSerializableError(path, `instance of ${describeInstance(obj)} is not a plain object${hint}`);
    }
    const symbolKey = Object.getOwnPropertySymbols(obj)[0];
    if (symbolKey !== undefined) {
      throw new NotSerializableError(childPath(path, `[${String(symbolKey)}]`), 'symbol keys cannot be serialised');
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    parts.push('{');
    let first = true;
    for (const key of keys) {
      const child = record[key];
      if (child === undefined) continue;
      if (!first) parts.push(',');
      first = false;
      parts.push(JSON.stringify(key), ':');
      write(child, childPath(path, key), depth + 1);
    }
    parts.push('}');
  };

  write(value, rootPath, 0);
  return parts.join('');
}

/** UTF-8 size of a text, the unit of the state size limit. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
