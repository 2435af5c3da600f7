import { describe, expect, it } from '@jest/globals';
import { sanitizeQuery } from './query.js';

const filler = 'This paragraph explains the background of the project in a lot of detail. '.repeat(4);

describe('sanitizeQuery', () => {
  it('passes short queries through, without wrapping quotes', () => {
    expect(sanitizeQuery('  "deploy the api"  ')).toEqual({ query: 'deploy the api', method: 'passthrough', originalLength: 20 });
  });

  it('extracts the last question from a long prompt', () => {
    const r = sanitizeQuery(`${filler}How do we rotate TLS certificates? Thanks in advance.`);
    expect(r).toMatchObject({ query: 'How do we rotate TLS certificates?', method: 'question_extraction' });
  });

  it('falls back to the last meaningful sentence, then to the tail', () => {
    expect(sanitizeQuery(`${filler}Now migrate the billing database. Ok.`)).toMatchObject({
      query: 'Now migrate the billing database.',
      method: 'tail_sentence',
    });
    const r = sanitizeQuery('x'.repeat(400));
    expect(r.method).toBe('tail_truncation');
    expect(r.query).toHaveLength(250);
  });
});
