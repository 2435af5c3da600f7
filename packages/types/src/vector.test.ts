import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bytesToVector, cosineSimilarity, normalizeVector, vectorToBytes } from './vector.js';

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, -1 for opposite, 0 for orthogonal', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [-3, 0])).toBeCloseTo(-1, 10);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity(new Float32Array([1, 1]), [1, 0])).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('is 0 when either vector is all zeros', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(cosineSimilarity([1, 1], [0, 0])).toBe(0);
  });

  it('stays within [-1, 1] and is symmetric (property)', () => {
    const vec = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(vec, vec, (a, b) => {
        const s = cosineSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(-1 - 1e-9);
        expect(s).toBeLessThanOrEqual(1 + 1e-9);
        expect(s).toBeCloseTo(cosineSimilarity(b, a), 9);
      }),
    );
  });
});

describe('normalizeVector', () => {
  it('returns a unit-length Float32Array copy', () => {
    const input = [3, 4];
    const out = normalizeVector(input);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(input).toEqual([3, 4]);
    const f = new Float32Array([0, 2]);
    expect(normalizeVector(f)).not.toBe(f);
  });

  it('keeps an all-zero vector all zeros', () => {
    expect(Array.from(normalizeVector([0, 0, 0]))).toEqual([0, 0, 0]);
  });
});

describe('vector bytes', () => {
  it('round-trips a Float32Array', () => {
    const v = new Float32Array([1.5, -2.25, 3.1415927, 0]);
    const bytes = vectorToBytes(v);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBe(16);
    expect(Array.from(bytesToVector(bytes))).toEqual(Array.from(v));
  });

  it('copies only the view of a Float32Array inside a larger buffer', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const view = big.subarray(1, 3);
    const bytes = vectorToBytes(view);
    expect(bytes.byteLength).toBe(8);
    expect(Array.from(bytesToVector(bytes))).toEqual([1, 2]);
    bytes[0] = 0xff;
    expect(Array.from(big)).toEqual([9, 1, 2, 9]);
  });

  it('decodes unaligned bytes and ignores a trailing partial float', () => {
    const bytes = vectorToBytes(new Float32Array([7, 8]));
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 1);
    const unaligned = shifted.subarray(1, 1 + bytes.byteLength + 2);
    expect(Array.from(bytesToVector(unaligned))).toEqual([7, 8]);
  });

  it('round-trips any float32 vector (property)', () => {
    fc.assert(
      fc.property(fc.float32Array({ noNaN: true, maxLength: 64 }), (v) => {
        expect(bytesToVector(vectorToBytes(v))).toEqual(v);
      }),
    );
  });
});
