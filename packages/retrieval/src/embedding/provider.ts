import { ConfigError, EmbeddingError } from '@alma/types';

/**
 * Turns texts into vectors. Every provider returns one vector of exactly `dimension` numbers per input text, in
 * input order. `id` names the provider and its configuration (vectors from different ids are not comparable).
 */
export interface EmbeddingProvider {
  readonly dimension: number;
  readonly id: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/**
 * Checks what a provider returned: one vector per text, each of the declared dimension, all finite. Throws an
 * EmbeddingError naming the provider otherwise.
 */
export function checkEmbeddings(
  providerId: string,
  dimension: number,
  texts: readonly string[],
  vectors: readonly Float32Array[],
): Float32Array[] {
  if (vectors.length !== texts.length) {
    throw new EmbeddingError(
      `[${providerId}] returned ${vectors.length} embeddings for ${texts.length} texts.`,
      { details: { providerId, expected: texts.length, actual: vectors.length } },
    );
  }
  vectors.forEach((v, i) => {
    if (v.length !== dimension) {
      throw new EmbeddingError(
        `[${providerId}] returned an embedding of dimension ${v.length} for text #${i}, expected ${dimension}. ` +
          'Set `dimension` to what the model produces (and re-embed stored memories if it changed).',
        { details: { providerId, expected: dimension, actual: v.length, index: i } },
      );
    }
    for (let j = 0; j < v.length; j++) {
      if (!Number.isFinite(v[j])) {
        throw new EmbeddingError(`[${providerId}] returned a non-finite value in embedding #${i}.`, {
          details: { providerId, index: i },
        });
      }
    }
  });
  return [...vectors];
}

/** Embeds one text. */
export async function embedOne(provider: EmbeddingProvider, text: string): Promise<Float32Array> {
  const vectors = checkEmbeddings(provider.id, provider.dimension, [text], await provider.embed([text]));
  return vectors[0] as Float32Array;
}

/** Validates a dimension option; rejected in constructors with a message a user can act on. */
export function assertDimension(providerId: string, dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192) {
    throw new ConfigError(`[${providerId}] dimension must be an integer in 1..8192, got ${String(dimension)}.`);
  }
}
