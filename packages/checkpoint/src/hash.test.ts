import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from './hash.js';
import { utf8Bytes } from './utf8.js';

describe('sha256Hex / utf8Bytes', () => {
  it('hashes UTF-8 bytes as 64 lowercase hex characters', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Bytes('a')).toBe(1);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('😀')).toBe(4);
  });
});
