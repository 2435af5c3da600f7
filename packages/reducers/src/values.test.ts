import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { canonicalKeyer } from './canonical-key.js';
import { deepCopy, describeValue, isPlainObject, setOwn } from './values.js';

describe('isPlainObject', () => {
  it('accepts object literals, null-prototype objects and parsed JSON', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(JSON.parse('{"a":1}'))).toBe(true);
  });

  it('accepts plain objects from another realm, rejects its class instances and Dates', () => {
    expect(isPlainObject(runInNewContext('({ a: 1 })'))).toBe(true);
    expect(isPlainObject(runInNewContext('new (class A {})()'))).toBe(false);
    expect(isPlainObject(runInNewContext('new Date()'))).toBe(false);
  });

  it('goes by the [object Object] tag, so a custom Symbol.toStringTag is not plain', () => {
    expect(isPlainObject({ [Symbol.toStringTag]: 'Thing' })).toBe(false);
  });

  it.each([[null], [undefined], [[]], [new Date()], [new Map()], ['x'], [1], [() => 1], [new (class A {})()]])(
    'rejects %p',
    (value) => {
      expect(isPlainObject(value)).toBe(false);
    },
  );
});

describe('setOwn', () => {
  it('defines __proto__ as an ordinary own key', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { x: 1 });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__']);
  });
});

describe('deepCopy', () => {
  it('copies nested arrays and plain objects', () => {
    const input = { a: [1, { b: 2 }], c: { d: [3] }, e: 'x', f: null, g: undefined };
    const out = deepCopy(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a[1]).not.toBe(input.a[1]);
    expect(out.c.d).not.toBe(input.c.d);
    expect(Object.keys(out)).toEqual(Object.keys(input));
  });

  it('clones Dates, Maps, Sets and typed arrays', () => {
    const input = { when: new Date(5), map: new Map([['k', 1]]), set: new Set([1]), vec: new Float32Array([1, 2]) };
    const out = deepCopy(input);
    expect(out.when).toEqual(new Date(5));
    expect(out.when).not.toBe(input.when);
    expect(out.map).not.toBe(input.map);
    expect(out.map.get('k')).toBe(1);
    expect(out.set.has(1)).toBe(true);
    expect(out.vec).not.toBe(input.vec);
    expect(Array.from(out.vec)).toEqual([1, 2]);
  });

  it('copies values from another realm', () => {
    const foreign = runInNewContext('({ list: [{ a: 1 }], when: new Date(9) })') as { list: unknown[]; when: Date };
    const out = deepCopy(foreign);
    expect(out.list).not.toBe(foreign.list);
    expect(out.list[0]).not.toBe(foreign.list[0]);
    expect(out.when).not.toBe(foreign.when);
    expect(out.when.getTime()).toBe(9);
  });

  it('keeps functions, class instances and uncloneable containers by reference', () => {
    class Thing {}
    const fn = () => 1;
    const thing = new Thing();
    const mapWithFn = new Map([['f', fn]]);
    const out = deepCopy({ fn, thing, mapWithFn });
    expect(out.fn).toBe(fn);
    expect(out.thing).toBe(thing);
    expect(out.mapWithFn).toBe(mapWithFn);
  });

  it('preserves cycles and shared references', () => {
    const shared = { n: 1 };
    const input: Record<string, unknown> = { x: shared, y: shared };
    input['self'] = input;
    const out = deepCopy(input);
    expect(out['self']).toBe(out);
    expect(out['x']).toBe(out['y']);
    expect(out['x']).not.toBe(shared);
  });

  it('keeps a null prototype and __proto__ keys', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['a'] = 1;
    const parsed = JSON.parse('{"__proto__": {"p": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(deepCopy(bare))).toBeNull();
    const copy = deepCopy(parsed);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('describeValue', () => {
  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    [Number.NaN, 'a number (NaN)'],
    [Number.NEGATIVE_INFINITY, 'a number (-Infinity)'],
    [3, 'a number'],
    ['s', 'a string'],
    [{}, 'an object'],
    [Object.create(null), 'an object'],
    [new Date(), 'a Date'],
    [Object.create({}), 'an Object'],
    [Object.setPrototypeOf({}, Object.create(null)), 'an object'],
    [Symbol('s'), 'a symbol'],
    [() => 1, 'a function'],
  ])('%p -> %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('canonicalKeyer', () => {
  const key = canonicalKeyer();

  it('is insensitive to key order and leaves out undefined-valued keys', () => {
    expect(key({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(key({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(key({ a: 1, b: undefined })).toBe(key({ a: 1 }));
  });

  it('distinguishes types and array order', () => {
    const keys = [1, '1', true, 'true', null, 'null', undefined, 1n, [1, 2], [2, 1], {}, []].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('treats NaN as NaN and -0 as 0, compares Dates by time', () => {
    expect(key(Number.NaN)).toBe(key(Number.NaN));
    expect(key(-0)).toBe(key(0));
    expect(key(new Date(7))).toBe(key(new Date(7)));
    expect(key(new Date(7))).not.toBe(key(new Date(8)));
    expect(key(runInNewContext('new Date(7)'))).toBe(key(new Date(7)));
  });

  it('compares functions, symbols and class instances by identity', () => {
    const f = () => 1;
    const s = Symbol('s');
    class A {}
    const a = new A();
    expect(key(f)).toBe(key(f));
    expect(key(f)).not.toBe(key(() => 1));
    expect(key(s)).toBe(key(s));
    expect(key(a)).toBe(key(a));
    expect(key(a)).not.toBe(key(new A()));
  });

  it('accepts repeated (non-cyclic) references and rejects cycles', () => {
    const shared = { x: 1 };
    expect(() => key([shared, shared])).not.toThrow();
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => key(cyclic)).toThrow(TypeError);
  });
});
