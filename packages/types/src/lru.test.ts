import { describe, expect, it } from '@jest/globals';
import { BoundedLru } from './lru.js';

const texts = (maxEntries: number, maxWeight: number) =>
  new BoundedLru<string>({ maxEntries, maxWeight, weigh: (text) => text.length });

describe('BoundedLru', () => {
  it('evicts the least recently used entry past maxEntries; get refreshes, peek does not', () => {
    const lru = texts(2, 100);
    lru.set('a', 'A');
    lru.set('b', 'B');
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C');
    expect([lru.peek('a'), lru.peek('b'), lru.peek('c')]).toEqual(['A', undefined, 'C']);
    lru.peek('a'); // no refresh: a is still older than c
    lru.set('d', 'D');
    expect([lru.peek('a'), lru.peek('c'), lru.peek('d')]).toEqual([undefined, 'C', 'D']);
  });

  it('keeps the total weight under maxWeight, refuses a value heavier than it, and counts replacements once', () => {
    const lru = texts(10, 10);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    lru.set('c', 'cccc'); // 12 > 10: a goes
    expect([lru.size, lru.totalWeight, lru.peek('a')]).toEqual([2, 8, undefined]);
    lru.set('b', 'bb'); // replaced, not added
    expect(lru.totalWeight).toBe(6);
    lru.set('huge', 'x'.repeat(11));
    expect([lru.peek('huge'), lru.size]).toEqual([undefined, 2]);
    lru.delete('c');
    lru.delete('missing');
    expect([lru.size, lru.totalWeight]).toEqual([1, 2]);
    lru.clear();
    expect([lru.size, lru.totalWeight, lru.get('b')]).toEqual([0, 0, undefined]);
  });
});
