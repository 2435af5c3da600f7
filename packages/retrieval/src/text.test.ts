import { describe, expect, it } from '@jest/globals';
import { contentTokens, keywordOverlap, keywordScorer, normalizeQuery, rawTokens, TokenMemo } from './text.js';

describe('text helpers', () => {
  it('tokenises any script, lower-cased, and drops stop words and single letters', () => {
    expect(rawTokens('Fix the HTTP-500 in Zürich!')).toEqual(['fix', 'the', 'http', '500', 'in', 'zürich']);
    expect(contentTokens('Fix the HTTP-500 in Zürich, a 2 b')).toEqual(['fix', 'http', '500', 'zürich', '2']);
    expect(rawTokens('...')).toEqual([]);
  });

  it('normalises queries for the cache key', () => {
    expect(normalizeQuery('  Deploy\tThe\n API ')).toBe('deploy the api');
  });

  it('measures keyword overlap with prefix matching of longer words', () => {
    const q = contentTokens('deploy timeout errors');
    expect(keywordOverlap(q, 'Timeouts during deploy')).toBeCloseTo(2 / 3);
    expect(keywordOverlap(q, 'nothing related')).toBe(0);
    expect(keywordOverlap([], 'anything')).toBe(0);
    expect(keywordOverlap(['api'], 'apis')).toBe(0); // prefixes need 4+ characters
    expect(keywordOverlap(['deploy', 'deploy'], 'deploy')).toBe(1);
  });

  it('scores many texts like keywordOverlap, with or without a token memo', () => {
    const q = contentTokens('deploy timeout errors deploy');
    const texts = ['Timeouts during deploy', 'nothing related', 'ERRORS: deploy, timeout', ''];
    const memo = new TokenMemo();
    const plain = keywordScorer(q);
    const memoised = keywordScorer(q, memo);
    for (const text of [...texts, ...texts]) {
      expect(plain(text)).toBe(keywordOverlap(q, text));
      expect(memoised(text)).toBe(keywordOverlap(q, text));
    }
    expect(memo.size).toBe(texts.length);
    expect(keywordScorer([], memo)('deploy')).toBe(0);
  });

  it('keeps the most recently used texts and none longer than maxTextLength', () => {
    const memo = new TokenMemo(2, 10);
    const a = memo.of('alpha one');
    memo.of('beta two');
    expect(memo.of('alpha one')).toBe(a); // a hit, and now the most recently used
    memo.of('gamma three'); // evicts "beta two", the least recently used
    expect(memo.size).toBe(2);
    expect(memo.of('alpha one')).toBe(a);
    expect([...memo.of('beta two')]).toEqual(['beta', 'two']); // evicts "gamma three"
    memo.of('delta four'); // evicts "alpha one"
    expect(memo.of('alpha one')).not.toBe(a);
    expect([...memo.of('a text longer than ten')]).toEqual(['text', 'longer', 'ten']);
    expect(memo.size).toBe(2);
    expect(new TokenMemo(0).of('kept nowhere').size).toBe(2);
  });
});
