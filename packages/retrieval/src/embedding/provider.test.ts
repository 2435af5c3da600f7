import { describe, expect, it } from '@jest/globals';
import { EmbeddingError } from '@alma/types';
import { checkEmbeddings, embedOne } from './provider.js';

describe('checkEmbeddings / embedOne', () => {
  it('accepts one finite vector of the declared dimension per text', async () => {
    const v = new Float32Array([1, 0]);
    expect(checkEmbeddings('p', 2, ['a'], [v])).toEqual([v]);
    const provider = { id: 'p', dimension: 2, embed: async () => [v] };
    expect(await embedOne(provider, 'a')).toBe(v);
  });

  it('rejects a wrong count, a wrong dimension and non-finite values', () => {
    expect(() => checkEmbeddings('p', 2, ['a', 'b'], [new Float32Array(2)])).toThrow(/1 embeddings for 2 texts/);
    expect(() => checkEmbeddings('p', 2, ['a'], [new Float32Array(3)])).toThrow(EmbeddingError);
    expect(() => checkEmbeddings('p', 2, ['a'], [new Float32Array([0, Number.NaN])])).toThrow(/non-finite/);
  });
});
