import { describe, expect, it } from '@jest/globals';
import { embeddingsFromResponse } from './openai-response.js';

describe('embeddingsFromResponse', () => {
  it('accepts float arrays and base64, in index order', () => {
    const b64 = Buffer.from(new Float32Array([0.5, -2]).buffer).toString('base64');
    const body = { data: [{ index: 1, embedding: b64 }, { index: 0, embedding: [1, 2] }] };
    expect(embeddingsFromResponse(body, 2).map((v) => Array.from(v))).toEqual([
      [1, 2],
      [0.5, -2],
    ]);
    expect(embeddingsFromResponse({ data: [{ embedding: [3] }] }, 1)[0]?.[0]).toBe(3);
  });

  it('rejects other shapes', () => {
    expect(() => embeddingsFromResponse('not an object', 1)).toThrow(/no `data` array/);
    expect(() => embeddingsFromResponse(null, 1)).toThrow(/no `data` array/);
    expect(() => embeddingsFromResponse({ data: [] }, 1)).toThrow(/0 embeddings for 1/);
    expect(() => embeddingsFromResponse({ data: [{ index: 0, embedding: [1] }, { index: 0, embedding: [1] }] }, 2)).toThrow(/repeated index/);
    expect(() => embeddingsFromResponse({ data: [{ index: 0, embedding: {} }] }, 1)).toThrow(/neither/);
  });
});
