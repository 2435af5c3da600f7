import type { EmbeddingProvider } from '../embedding/provider.js';

/** Maps known texts to fixed vectors (unknown texts: the zero vector); counts calls. */
export class FixedEmbedder implements EmbeddingProvider {
  readonly id = 'fixed';
  calls = 0;
  constructor(
    readonly dimension: number,
    private readonly vectors: Record<string, readonly number[]> = {},
  ) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((t) => Float32Array.from(this.vectors[t] ?? new Array<number>(this.dimension).fill(0)));
  }
}
