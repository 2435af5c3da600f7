import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { maxReducer, minReducer, sumReducer } from './numeric-reducers.js';
import { appendReducer, unionReducer } from './list-reducers.js';
import { reduceContext } from './state-reducer.js';
import { StateMerger } from './state-merger.js';
import { mergeDictReducer } from './value-reducers.js';

// JSON-like values: what branch states hold.
const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const state = fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 6 });
// Decimal fractions are inexact in binary, so adding them in another order often rounds differently.
const finite = fc.oneof(
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 10),
);
const numberOrAbsent = fc.oneof(finite, finite, finite, fc.constant(null), fc.constant(undefined));
const list = fc.array(jsonValue, { maxLength: 6 });
const listOrAbsent = fc.oneof(list, list, list, fc.constant(null), fc.constant(undefined));

const ctxFor = (values: readonly unknown[]) => reduceContext('f', values.length);

describe('StateMerger properties', () => {
  it('merging one state is a deep-equal copy, never the same reference', () => {
    fc.assert(
      fc.property(state, (s) => {
        const out = new StateMerger({ fieldReducers: { a: 'append', b: 'sum' } }).merge([s]);
        expect(out).toEqual(s);
        expect(out).not.toBe(s);
      }),
    );
  });

  it('never mutates its inputs', () => {
    const merger = new StateMerger({ defaultReducer: 'last_value' });
    fc.assert(
      fc.property(fc.array(state, { maxLength: 5 }), (states) => {
        const before = structuredClone(states);
        states.forEach((s) => Object.freeze(s));
        merger.merge(states);
        expect(states).toEqual(before);
      }),
    );
  });

  it('append, union and merge_dict merges never mutate inputs', () => {
    const merger = new StateMerger({ fieldReducers: { l: 'append', u: 'union', d: 'merge_dict' } });
    const branch = fc.record({
      l: listOrAbsent,
      u: listOrAbsent,
      d: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), jsonValue, { maxKeys: 4 }), fc.constant(null)),
    });
    fc.assert(
      fc.property(fc.array(branch, { maxLength: 5 }), (states) => {
        const before = structuredClone(states);
        const out = merger.merge(states);
        expect(states).toEqual(before);
        for (const key of ['l', 'u'] as const) {
          for (const item of (out[key] as unknown[] | undefined) ?? []) {
            if (typeof item === 'object' && item !== null) {
              expect(states.some((s) => s[key]?.includes(item))).toBe(false);
            }
          }
        }
      }),
    );
  });
});

describe('reducer properties', () => {
  it('sum, max and min do not depend on branch order', () => {
    fc.assert(
      fc.property(
        fc.array(numberOrAbsent, { maxLength: 12 }).chain((values) =>
          fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length })),
        ),
        ([values, shuffled]) => {
          for (const reducer of [sumReducer, maxReducer, minReducer]) {
            expect(reducer.reduce(shuffled, ctxFor(shuffled))).toBe(reducer.reduce(values, ctxFor(values)));
          }
        },
      ),
    );
  });

  it('append keeps every element, in branch order', () => {
    fc.assert(
      fc.property(fc.array(listOrAbsent, { maxLength: 6 }), (values) => {
        const expected = values.flatMap((v) => (Array.isArray(v) ? v : []));
        const out = appendReducer.reduce(values, ctxFor(values)) as unknown[];
        expect(out).toHaveLength(expected.length);
        out.forEach((item, i) => expect(item).toBe(expected[i]));
      }),
    );
  });

  it('merge_dict equals a left-to-right spread', () => {
    const dict = fc.dictionary(fc.string({ maxLength: 4 }), jsonValue, { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(fc.oneof(dict, dict, fc.constant(null)), { maxLength: 6 }), (values) => {
        const spread = values.reduce<Record<string, unknown>>((acc, v) => ({ ...acc, ...v }), {});
        const out = mergeDictReducer.reduce(values, ctxFor(values)) as Record<string, unknown>;
        expect(out).toEqual(spread);
        expect(Object.keys(out)).toEqual(Object.keys(spread));
      }),
    );
  });

  it('union has no duplicates and keeps first-occurrence order', () => {
    const item = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b'), fc.constantFrom({ k: 1 }, { k: 2 }));
    const smallList = fc.array(item, { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.oneof(smallList, fc.constant(null)), { maxLength: 5 }), (values) => {
        const out = unionReducer.reduce(values, ctxFor(values)) as unknown[];
        const all = values.flatMap((v) => v ?? []);
        const key = (v: unknown) => JSON.stringify(v);
        // no duplicates
        expect(new Set(out.map(key)).size).toBe(out.length);
        // exactly the distinct items, in order of first occurrence
        const expected: unknown[] = [];
        for (const v of all) if (!expected.some((e) => key(e) === key(v))) expected.push(v);
        expect(out).toEqual(expected);
      }),
    );
  });
});
