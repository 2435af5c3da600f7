import { describe, expect, it } from '@jest/globals';
import { contentTokens, keywordOverlap, normalizeQuery, rawTokens } from './text.js';

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
});
