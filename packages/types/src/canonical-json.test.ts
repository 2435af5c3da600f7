import { describe, expect, it } from '@jest/globals';
import { NotSerializableError } from './errors.js';
import fc from 'fast-check';
import { canonicalEntries, canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json.js';
import { runInNewContext } from 'node:vm';

function failure(value: unknown): NotSerializableError {
  try {
    canonicalJson(value);
  } catch (error) {
    if (error instanceof NotSerializableError) return error;
    throw error;
  }
  throw new Error('expected NotSerializableError');
}

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal text for equal values built in different key orders', () => {
    const a = { x: 1, y: { p: true, q: null } };
    const b = { y: { q: null, p: true }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('sorts keys by UTF-16 code unit and keeps strings verbatim', () => {
    const text = canonicalJson({ é: 1, Z: 2, a: 3, '😀': 4, quote: `'"; DROP TABLE x; --`, nul: '\u0000' });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['Z', 'a', 'nul', 'quote', 'é', '😀']);
    expect((JSON.parse(text) as { quote: string }).quote).toBe(`'"; DROP TABLE x; --`);
  });

  it('omits undefined object properties, writes -0 as 0, keeps shared references', () => {
    const shared = { v: 1 };
    expect(canonicalJson({ a: undefined, b: -0, c: shared, d: shared })).toBe('{"b":0,"c":{"v":1},"d":{"v":1}}');
  });

  it('accepts null-prototype objects and an own __proto__ key', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['k'] = 1;
    expect(canonicalJson({ bare })).toBe('{"bare":{"k":1}}');
    const parsed = JSON.parse('{"__proto__":{"polluted":true}}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"polluted":true}}');
  });

  it.each([
    ['a function', { messages: [{}, {}, {}, { fn: () => 1 }] }, 'state.messages[3].fn', /functions/],
    ['a BigInt', { n: 10n }, 'state.n', /BigInt/],
    ['a symbol value', { s: Symbol('x') }, 'state.s', /symbols/],
    ['NaN', { x: NaN }, 'state.x', /NaN/],
    ['Infinity', { x: [Infinity] }, 'state.x[0]', /Infinity/],
    ['undefined in an array', { x: [1, undefined] }, 'state.x[1]', /undefined/],
    ['a sparse array', { x: sparse() }, 'state.x[1]', /sparse/],
    ['a Date', { when: new Date(0) }, 'state.when', /Date.*toISOString/],
    ['a Map', { m: new Map() }, 'state.m', /Map/],
    ['a Set', { s: new Set([1]) }, 'state.s', /Set/],
    ['a typed array', { v: new Float32Array(2) }, 'state.v', /Float32Array/],
    ['a class instance', { c: new (class Foo {})() }, 'state.c', /Foo/],
    ['an odd key', { 'a b': { 'x-y': () => 0 } }, 'state["a b"]["x-y"]', /functions/],
  ])('rejects %s, naming its path', (_label, value, path, reason) => {
    const error = failure(value);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(reason);
    expect(error.code).toBe('NOT_SERIALIZABLE');
  });

  it('rejects undefined at the root, symbol keys and array subclasses', () => {
    expect(failure(undefined).path).toBe('state');
    expect(failure({ [Symbol('k')]: 1 }).message).toMatch(/symbol keys/);
    class MyList extends Array<number> {}
    expect(failure({ l: MyList.from([1]) }).message).toMatch(/MyList/);
    const anonymous = Object.create({ inherited: true }) as object;
    expect(failure({ o: anonymous }).message).toMatch(/not a plain object/);
  });

  it('rejects cycles but not repeated siblings', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = { back: a };
    expect(failure({ a }).path).toBe('state.a.self.back');
    expect(failure({ a }).message).toMatch(/circular/);
    const list: unknown[] = [];
    list.push(list);
    expect(failure({ list }).path).toBe('state.list[0]');
  });

  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < MAX_CANONICAL_DEPTH + 5; i++) deep = [deep];
    expect(failure({ deep }).message).toMatch(/nesting deeper/);
  });

  it('uses the given root path', () => {
    expect(() => canonicalJson({ f: () => 1 }, 'metadata')).toThrow(/metadata\.f/);
  });

  it('round-trips any JSON value byte for byte (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same text on the fast and the slow path (property)', () => {
    const pad = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i])); // > 128 keys: slow path
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const slow = canonicalJson({ pad, v: value });
        expect(slow).toBe(`{"pad":${canonicalJson(pad)},"v":${canonicalJson(value)}}`);
      }),
      { numRuns: 200 },
    );
  });

  it('falls back to the slow path for keys that live on a prototype and for a polluted toJSON', () => {
    expect(canonicalJson({ o: {}, constructor: 'x', toString: 1 })).toBe('{"constructor":"x","o":{},"toString":1}');
    const parsed = JSON.parse('{"a":{"__proto__":{"p":1}},"b":{}}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"a":{"__proto__":{"p":1}},"b":{}}');
    Object.defineProperty(Number.prototype, 'toJSON', { value: () => 'polluted', configurable: true, writable: true });
    try {
      expect(canonicalJson({ n: 1 })).toBe('{"n":1}');
    } finally {
      delete (Number.prototype as { toJSON?: unknown }).toJSON;
    }
  });

  it('gives the top-level entries that compose to the canonical text', () => {
    const state = { b: [1, { y: 2, x: 1 }], a: 'x', skip: undefined };
    const entries = canonicalEntries(state);
    expect(entries).toEqual([
      ['a', '"x"'],
      ['b', '[1,{"x":1,"y":2}]'],
    ]);
    expect(`{${entries.map(([k, t]) => `${JSON.stringify(k)}:${t}`).join(',')}}`).toBe(canonicalJson(state));
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, [i]]));
    expect(canonicalEntries(many)).toHaveLength(200);
    expect(() => canonicalEntries({ ok: 1, bad: [() => 0] })).toThrow(/state\.bad\[0\]/);
    expect(() => canonicalEntries(new Date())).toThrow(/Date/);
  });

  it('is independent of key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
      { numRuns: 200 },
    );
  });
});

describe('canonicalJson with substitute', () => {
  const sub = (v: unknown): string => (typeof v === 'bigint' ? `${v}n` : `<${Object.prototype.toString.call(v).slice(8, -1)}>`);

  it('writes what JSON cannot carry through substitute, JSON values as before, and still refuses cycles', () => {
    expect(canonicalJson({ b: [1, Number.NaN, undefined, 2n], a: new Date(0), f: () => 1 }, 'v', { substitute: sub })).toBe(
      '{"a":<Date>,"b":[1,<Number>,<Undefined>,2n],"f":<Function>}',
    );
    expect(canonicalJson(sparse(), 'v', { substitute: sub })).toBe('[1,<Undefined>,3]');
    expect(canonicalJson({ [Symbol('s')]: 1, x: 1 }, 'v', { substitute: sub })).toBe('{"x":1}');
    expect(canonicalJson({ y: [1, { b: 2, a: 1 }] }, 'v', { substitute: sub })).toBe(canonicalJson({ y: [1, { a: 1, b: 2 }] }));
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic, 'v', { substitute: sub })).toThrow(/circular reference/);
  });
});

function sparse(): unknown[] {
  const list: unknown[] = [1];
  list[2] = 3;
  return list;
}

describe('canonicalJson across realms', () => {
  it('accepts plain objects and arrays from another realm and still rejects class instances there', () => {
    const foreign = runInNewContext('({ b: [1, { c: true }], a: null })') as Record<string, unknown>;
    expect(canonicalJson(foreign)).toBe('{"a":null,"b":[1,{"c":true}]}');
    const foreignInstance = runInNewContext('new (class Point { constructor() { this.x = 1 } })()') as object;
    expect(() => canonicalJson({ p: foreignInstance })).toThrow(/not a plain object/);
    const foreignSubArray = runInNewContext('class L extends Array {}; L.from([1])') as unknown[];
    expect(() => canonicalJson({ l: foreignSubArray })).toThrow(/not a plain array/);
  });
});
