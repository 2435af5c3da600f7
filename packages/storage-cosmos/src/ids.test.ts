import { describe, expect, it } from '@jest/globals';
import { HOSTILE_STRINGS } from '@alma/storage-conformance';
import { encodeItemId, MAX_ITEM_ID_BYTES } from './ids.js';

const FORBIDDEN = /[/\\?#%]/;

describe('encodeItemId', () => {
  it('keeps ALMA-style ids as they are', () => {
    for (const id of ['heur_3f9a0c1b2d4e', 'ckpt-1', 'run:2024', 'A_b-C']) expect(encodeItemId(id)).toBe(id);
  });

  it('escapes every character Cosmos ids or request URLs cannot carry', () => {
    expect(encodeItemId('a/b\\c?d#e%f')).toBe('a~2Fb~5Cc~3Fd~23e~25f');
    expect(encodeItemId('..')).toBe('~2E~2E');
    expect(encodeItemId('with space~tilde')).toBe('with~20space~7Etilde');
    for (const s of HOSTILE_STRINGS) {
      const encoded = encodeItemId(`${s}|h1`);
      expect(encoded).not.toMatch(FORBIDDEN);
      expect(encoded).not.toMatch(/^\.+$/);
    }
  });

  it('keeps unicode readable, escapes C1 controls and lone surrogates', () => {
    expect(encodeItemId('ünï-🧠')).toBe('ünï-🧠');
    expect(encodeItemId('a\u0085b')).toBe('a~u0085b');
    expect(encodeItemId('x\ud800y')).toBe('x~uD800y');
    expect(encodeItemId('x\udc00')).toBe('x~uDC00');
  });

  it('is injective: different ids never share an item id', () => {
    const ids = ['a/b', 'a~2Fb', 'a%2Fb', 'a b', 'a~20b', 'a~b', 'a~7Eb', '~h00', 'x\ud800', 'x~uD800', ...HOSTILE_STRINGS];
    const encoded = ids.map(encodeItemId);
    expect(new Set(encoded).size).toBe(ids.length);
  });

  it('stays within the 1,023-byte id limit, hashing only the pathological cases', () => {
    const longest = 'h'.repeat(256);
    expect(encodeItemId(longest)).toBe(longest);
    const escaped = '/'.repeat(256); // 768 bytes escaped: still readable
    expect(encodeItemId(escaped)).toBe('~2F'.repeat(256));
    const surrogates = '\ud800'.repeat(256); // 1,536 bytes escaped: hashed
    const hashed = encodeItemId(surrogates);
    expect(hashed).toMatch(/^~h[0-9a-f]{64}$/);
    expect(encodeItemId('\udbff'.repeat(256))).not.toBe(hashed);
    for (const id of [longest, escaped, surrogates, '日'.repeat(256), '🧠'.repeat(128)]) {
      expect(Buffer.byteLength(encodeItemId(id), 'utf8')).toBeLessThanOrEqual(MAX_ITEM_ID_BYTES);
    }
  });
});
