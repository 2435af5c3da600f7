import { HashingEmbedder, OpenAIEmbeddingProvider, TransformersEmbeddingProvider, type EmbeddingProvider } from '@alma/retrieval';
import { ConfigError } from '@alma/types';

/**
 * Builds the embedding provider a config names. 'hashing' (alias 'local') is the offline default; 'openai' and
 * 'azure' call an OpenAI-compatible endpoint; 'transformers' loads a local model with transformers.js.
 */
export function createEmbedder(provider: string, dimension: number | undefined, options: Record<string, unknown>): EmbeddingProvider {
  const dim = dimension === undefined ? {} : { dimension };
  switch (provider) {
    case 'hashing':
    case 'local':
      return new HashingEmbedder({ ...options, ...dim });
    case 'openai':
    case 'azure':
      return new OpenAIEmbeddingProvider({ ...options, ...dim } as unknown as ConstructorParameters<typeof OpenAIEmbeddingProvider>[0]);
    case 'transformers':
      return new TransformersEmbeddingProvider({ ...options, ...dim } as unknown as ConstructorParameters<
        typeof TransformersEmbeddingProvider
      >[0]);
    default:
      throw new ConfigError(
        `alma.embedding.provider: unknown provider '${provider}'. Use one of: hashing (local), openai, azure, transformers.`,
      );
  }
}
