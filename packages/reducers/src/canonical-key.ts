import { canonicalJson, NotSerializableError } from '@alma/types';
import { tagOf } from './values.js';

/**
 * Returns a function mapping values to strings that are equal for structurally equal values; `union` uses it to
 * dedupe. It is the canonical JSON of @alma/types (object keys sorted, keys whose value is undefined left out) with
 * what JSON cannot carry written as bare words that JSON text never contains, so `1`, `'1'` and `true` stay distinct:
 * NaN equals NaN, ±Infinity, undefined and BigInt by value, Dates by time; functions, symbols and other non-plain
 * objects (class instances, Maps) by identity, which is why one keyer must be used for all values being compared.
 * The function throws a TypeError for a cyclic value.
 */
export function canonicalKeyer(): (value: unknown) => string {
  const identity = new IdentityIds();
  const substitute = (value: unknown): string => {
    switch (typeof value) {
      case 'number':
        return String(value); // NaN, Infinity, -Infinity
      case 'bigint':
        return `${value.toString()}n`;
      case 'undefined':
        return 'undefined';
      default:
        return tagOf(value) === 'Date' ? `Date(${(value as Date).getTime()})` : `ref(${identity.idOf(value)})`;
    }
  };
  return (value) => {
    try {
      return canonicalJson(value, 'value', { substitute });
    } catch (error) {
      if (error instanceof NotSerializableError) {
        const what = error.message.includes('circular reference') ? 'a cyclic value' : 'this value';
        throw new TypeError(`cannot compare ${what}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  };
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
