import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from '@alma/types';
import {
  appendedItems,
  applyDelta,
  composeText,
  DeltaFormatError,
  encodeDelta,
  entriesFromText,
  entriesOf,
  snapshotSeqOf,
} from './delta-codec.js';
import { checkpointManagerOptionsSchema } from './options.js';
import { writeAsDelta } from './snapshot-policy.js';
import { TipCache, type DecodedState } from './tip-cache.js';

describe('delta codec', () => {
  it('records keys set, keys removed and items appended, and nothing else', () => {
    const base = entriesOf({ messages: [{ t: 'a' }], count: 1, gone: true, same: { x: [1] }, list: [1, 2] });
    const next = entriesOf({ messages: [{ t: 'a' }, { t: 'b' }], count: 2, same: { x: [1] }, list: [2], added: 'new' });
    const delta = encodeDelta(base, next, 7);
    expect(delta).toBe('{"a":{"messages":[{"t":"b"}]},"b":7,"d":["gone"],"s":{"added":"new","count":2,"list":[2]}}');
    expect(snapshotSeqOf(delta)).toBe(7);
    expect(composeText(applyDelta(base, delta))).toBe(composeText(next));
  });

  it('writes an unchanged state as just its chain reference', () => {
    const base = entriesOf({ a: [1] });
    expect(encodeDelta(base, base, 3)).toBe('{"b":3}');
    expect(composeText(applyDelta(base, '{"b":3}'))).toBe('{"a":[1]}');
  });

  it('finds appended items only when the old list is an exact prefix', () => {
    expect(appendedItems('[]', '[1]')).toBe('[1]');
    expect(appendedItems('[1,2]', '[1,2,3,4]')).toBe('[3,4]');
    expect(appendedItems('["1"]', '["1,2"]')).toBeUndefined(); // text prefix, not an element prefix
    expect(appendedItems('[1]', '[12]')).toBeUndefined();
    expect(appendedItems('[1,2]', '[1,2]')).toBeUndefined();
    expect(appendedItems('[1,2]', '[1]')).toBeUndefined();
    expect(appendedItems('{"a":1}', '{"a":1,"b":2}')).toBeUndefined();
    expect(appendedItems('[{"a":1}]', '[{"a":1},{"a":2}]')).toBe('[{"a":2}]');
  });

  it('round-trips random pairs of states (property)', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }));
    const state = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'list', '__proto__', 'é'), value, { maxKeys: 5 });
    fc.assert(
      fc.property(state, state, fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), (a, b, extra) => {
        const grown = { ...b, list: [...(Array.isArray(a['list']) ? a['list'] : []), ...extra] };
        for (const next of [b, grown]) {
          const base = entriesOf(a);
          const target = entriesOf(next);
          expect(composeText(applyDelta(base, encodeDelta(base, target, 1)))).toBe(canonicalJson(next));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a snapshot text back into entries', () => {
    expect([...entriesFromText('{"b":[1],"a":{"y":1,"x":2}}')]).toEqual([
      ['a', '{"x":2,"y":1}'],
      ['b', '[1]'],
    ]);
  });

  it.each([
    ['not JSON', '{"b":', /not valid JSON/],
    ['an array', '[1]', /malformed/],
    ['no chain reference', '{"s":{}}', /malformed/],
    ['a bad chain reference', '{"b":0}', /malformed/],
    ['appends that are not lists', '{"a":{"x":1},"b":1}', /malformed/],
    ['removals that are not keys', '{"b":1,"d":[1]}', /malformed/],
    ['sets that are not an object', '{"b":1,"s":[]}', /malformed/],
    ['an append to a non-list', '{"a":{"n":[1]},"b":1}', /not a list/],
    ['an append to a missing key', '{"a":{"missing":[1]},"b":1}', /not a list/],
  ])('refuses a delta with %s', (_label, text, message) => {
    const call = () => applyDelta(entriesOf({ n: 1 }), text);
    expect(call).toThrow(DeltaFormatError);
    expect(call).toThrow(message);
  });

  it('ignores an empty append', () => {
    expect(composeText(applyDelta(entriesOf({ l: [1] }), '{"a":{"l":[]},"b":1}'))).toBe('{"l":[1]}');
  });
});

describe('snapshot policy', () => {
  const options = checkpointManagerOptionsSchema.parse({}).delta;
  const chain = (length: number, deltaBytes: number) => ({ snapshotSeq: 1, snapshotBytes: 100, length, deltaBytes });

  it('writes a snapshot when the delta is not smaller than the state', () => {
    expect(writeAsDelta(options, chain(0, 0), 10, 100)).toBe(true);
    expect(writeAsDelta(options, chain(0, 0), 100, 100)).toBe(false);
  });

  it('waits for snapshotEvery checkpoints and a delta budget of the state size', () => {
    expect(writeAsDelta(options, chain(48, 5000), 10, 1000)).toBe(true); // position 49 < 50
    expect(writeAsDelta(options, chain(49, 990), 10, 1000)).toBe(false); // due: 50 checkpoints, 1000 B of deltas
    expect(writeAsDelta(options, chain(49, 500), 10, 1000)).toBe(true); // 50 checkpoints, deltas below budget
    expect(writeAsDelta({ ...options, deltaBudget: 0 }, chain(49, 0), 10, 1000)).toBe(false); // strictly every N
  });

  it('caps the chain length', () => {
    expect(writeAsDelta(options, chain(999, 0), 1, 1_000_000)).toBe(true);
    expect(writeAsDelta(options, chain(1000, 0), 1, 1_000_000)).toBe(false);
    expect(writeAsDelta({ ...options, snapshotEvery: 5000 }, chain(2000, 0), 1, 1_000_000)).toBe(true);
  });
});

describe('TipCache', () => {
  const state = (id: string, seq: number, size: number): DecodedState => ({
    id,
    seq,
    stateHash: '0'.repeat(64),
    text: 'x'.repeat(size),
    chain: { snapshotSeq: 1, snapshotBytes: size, length: 0, deltaBytes: 0 },
    entries: () => new Map(),
  });

  it('keeps the newest state per branch and evicts the least recently used', () => {
    const cache = new TipCache(2, 100);
    cache.set('a', state('a2', 2, 10));
    cache.set('a', state('a1', 1, 10)); // older: ignored
    expect(cache.get('a')?.id).toBe('a2');
    cache.set('b', state('b1', 1, 10));
    cache.get('a');
    cache.set('c', state('c1', 1, 10)); // evicts b (least recently used)
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('d', state('d1', 1, 95)); // over the byte budget: evicts until it fits
    expect(cache.get('d')?.id).toBe('d1');
    expect(cache.size).toBe(1);
    cache.set('e', state('e1', 1, 101)); // larger than the whole budget: not cached
    expect(cache.get('e')).toBeUndefined();
    cache.delete('d');
    cache.delete('missing');
    expect(cache.size).toBe(0);
  });
});
