import { describe, expect, it } from '@jest/globals';
import { parseEmbeddingResponse } from './openai-response.js';
import { backoffDelay, isRetryableStatus } from './retry.js';

describe('parseEmbeddingResponse', () => {
  it('accepts float arrays and base64, in index order', () => {
    const b64 = Buffer.from(new Float32Array([0.5, -2]).buffer).toString('base64');
    const body = JSON.stringify({ data: [{ index: 1, embedding: b64 }, { index: 0, embedding: [1, 2] }] });
    expect(parseEmbeddingResponse(body, 2).map((v) => Array.from(v))).toEqual([
      [1, 2],
      [0.5, -2],
    ]);
    expect(parseEmbeddingResponse(JSON.stringify({ data: [{ embedding: [3] }] }), 1)[0]?.[0]).toBe(3);
  });

  it('rejects other shapes', () => {
    expect(() => parseEmbeddingResponse('not json', 1)).toThrow(/not JSON/);
    expect(() => parseEmbeddingResponse('{"data":[]}', 1)).toThrow(/0 embeddings for 1/);
    expect(() => parseEmbeddingResponse('{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]}', 2)).toThrow(
      /repeated index/,
    );
    expect(() => parseEmbeddingResponse('{"data":[{"index":0,"embedding":{}}]}', 1)).toThrow(/neither/);
  });
});

describe('retry policy', () => {
  const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

  it('retries 408, 409, 429 and 5xx only', () => {
    expect([408, 409, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(policy, 0, undefined, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, undefined, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, undefined, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, undefined, () => 1)).toBe(1000);
  });

  it('honours retry-after-ms, Retry-After seconds and dates, capped at maxDelayMs', () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(backoffDelay(policy, 0, h({ 'retry-after-ms': '250' }))).toBe(250);
    expect(backoffDelay(policy, 0, h({ 'retry-after': '0.5' }))).toBe(500);
    expect(backoffDelay(policy, 0, h({ 'retry-after': '60' }))).toBe(1000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(backoffDelay(policy, 0, h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:00 GMT' }), Math.random, now)).toBe(0);
    expect(backoffDelay(policy, 0, h({ 'retry-after': 'soon' }), () => 1)).toBe(100);
  });
});
