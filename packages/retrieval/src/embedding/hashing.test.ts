import { describe, expect, it } from '@jest/globals';
import { ConfigError, cosineSimilarity } from '@alma/types';
import { fmix32, hash32 } from './hash.js';
import { HashingEmbedder } from './hashing.js';

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('hash32', () => {
  it('is a fixed function of its input (same values on every machine)', () => {
    expect(hash32('')).toBe(fmix32(0x811c9dc5));
    expect(hash32('w:deploy')).toBe(hash32('w:deploy'));
    expect(hash32('w:deploy')).not.toBe(hash32('w:deploy', 1));
    expect(hash32('abc')).toBe(482950588);
  });
});

describe('HashingEmbedder', () => {
  const e = new HashingEmbedder();

  it('defaults to 384 unit-length dimensions and is deterministic', async () => {
    const [a, b] = await e.embed(['Deploy the API to staging', 'Deploy the API to staging']);
    expect(e.dimension).toBe(384);
    expect(a).toHaveLength(384);
    expect(norm(a as Float32Array)).toBeCloseTo(1, 5);
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
    expect(Array.from(new HashingEmbedder().embedSync('Deploy the API to staging'))).toEqual(Array.from(a as Float32Array));
  });

  it('is stable across releases (a change here invalidates stored vectors: bump the id)', () => {
    const v = e.embedSync('retry flaky network calls with backoff');
    const top = Array.from(v)
      .map((x, i) => [i, Math.round(x * 1000) / 1000] as const)
      .filter(([, x]) => Math.abs(x) >= 0.2);
    expect(e.id).toBe('hashing-v1:d384:c3:w1:b0.25:g1:s');
    expect(top).toEqual([
      [30, 0.327],
      [69, -0.409],
      [89, -0.27],
      [143, -0.204],
      [353, 0.327],
    ]);
  });

  it('ignores case, punctuation and stop words', () => {
    const a = e.embedSync('The database migration FAILED!');
    const b = e.embedSync('database migration failed');
    expect(cosineSimilarity(a, b)).toBeCloseTo(1, 5);
  });

  it('gives the zero vector for text without content words', () => {
    expect(norm(e.embedSync(''))).toBe(0);
    expect(norm(e.embedSync('the and of ?!'))).toBe(0);
  });

  it('ranks related texts above unrelated ones, and shares word pieces', () => {
    const q = e.embedSync('api request timeout');
    const related = e.embedSync('increase the timeout for slow API requests');
    const unrelated = e.embedSync('prefer tabs over spaces in python code');
    expect(cosineSimilarity(q, related)).toBeGreaterThan(0.3);
    expect(cosineSimilarity(q, unrelated)).toBeLessThan(0.1);
    expect(cosineSimilarity(e.embedSync('timeouts'), e.embedSync('timeout'))).toBeCloseTo(1, 5);
    expect(cosineSimilarity(e.embedSync('deployment'), e.embedSync('deploy'))).toBeGreaterThan(0.3);
  });

  it('handles non-Latin scripts and repeated words (sublinear tf)', () => {
    expect(norm(e.embedSync('データベース 移行'))).toBeCloseTo(1, 5);
    const plain = new HashingEmbedder({ bigramWeight: 0 });
    expect(cosineSimilarity(plain.embedSync('cache'), plain.embedSync('cache cache cache'))).toBeCloseTo(1, 5);
    // Sublinear tf: a word repeated 3 times weighs 1 + ln 3 (about 2.1), not 3.
    const once = plain.embedSync('cache miss');
    const thrice = plain.embedSync('cache cache cache miss');
    expect(cosineSimilarity(once, thrice)).toBeGreaterThan(0.9);
    expect(cosineSimilarity(once, thrice)).toBeLessThan(0.99);
  });

  it('accepts its options and rejects bad ones', () => {
    const small = new HashingEmbedder({ dimension: 64, charNgramSizes: [3, 4], bigramWeight: 0, stem: false });
    expect(small.embedSync('hello world')).toHaveLength(64);
    expect(small.id).toBe('hashing-v1:d64:c3.4:w1:b0:g1');
    expect(() => new HashingEmbedder({ dimension: 0 })).toThrow(ConfigError);
    expect(() => new HashingEmbedder({ dimension: 1.5 })).toThrow(/integer/);
    expect(() => new HashingEmbedder({ charNgramSizes: [1] })).toThrow(ConfigError);
    expect(() => new HashingEmbedder({ wordWeight: -1 })).toThrow(/wordWeight/);
  });
});
