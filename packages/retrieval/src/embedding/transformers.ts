import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, EmbeddingError } from '@alma/types';
import { assertDimension, checkEmbeddings, type EmbeddingProvider } from './provider.js';

/** The package this provider loads lazily; an optional peer dependency of @alma/retrieval. */
export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

/** What this provider uses from `@huggingface/transformers` (v3). */
export interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(task: 'feature-extraction', model: string, options?: Record<string, unknown>): Promise<FeatureExtractor>;
}

export interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean' | 'cls'; normalize: boolean }): Promise<TensorLike>;
  dispose?(): Promise<unknown> | unknown;
}

/** A `[batch, dimension]` tensor. */
export interface TensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface TransformersEmbeddingOptions {
  /**
   * Local directory of the model (ONNX weights + tokenizer files, e.g. a downloaded copy of
   * `Xenova/all-MiniLM-L6-v2`). Nothing is ever fetched from the network.
   */
  modelPath: string;
  /** Output size of the model (all-MiniLM-L6-v2: 384). */
  dimension: number;
  /** @default 'mean' */
  pooling?: 'mean' | 'cls';
  /** L2-normalise outputs. @default true */
  normalize?: boolean;
  /** Texts per forward pass. @default 32 */
  batchSize?: number;
  /** Extra options for `pipeline()`, e.g. `{ dtype: 'q8' }`. @default {} */
  pipelineOptions?: Record<string, unknown>;
  /** Loads the library. @default dynamic import of '@huggingface/transformers' */
  loader?: () => Promise<TransformersModule>;
}

/**
 * Semantic embeddings from a sentence-transformer model run in-process by transformers.js, loaded from a local
 * directory only (`env.allowRemoteModels = false`). `@huggingface/transformers` is an optional peer dependency:
 * install it yourself; it is imported on the first `embed()` call. Note that transformers.js' `env` is global to
 * the process: this provider turns remote model loading off for every user of the library.
 */
export class TransformersEmbeddingProvider implements EmbeddingProvider {
  readonly dimension: number;
  readonly id: string;
  private readonly modelPath: string;
  private readonly pooling: 'mean' | 'cls';
  private readonly normalize: boolean;
  private readonly batchSize: number;
  private readonly pipelineOptions: Record<string, unknown>;
  private readonly loader: () => Promise<TransformersModule>;
  private extractor: Promise<FeatureExtractor> | undefined;

  constructor(options: TransformersEmbeddingOptions) {
    if (!options.modelPath) throw new ConfigError('[transformers] modelPath is required (a local model directory).');
    if (/^[a-z]+:\/\//i.test(options.modelPath)) {
      throw new ConfigError('[transformers] modelPath must be a local directory, not a URL.');
    }
    assertDimension('transformers', options.dimension);
    this.dimension = options.dimension;
    this.modelPath = resolve(options.modelPath);
    this.pooling = options.pooling ?? 'mean';
    this.normalize = options.normalize ?? true;
    this.batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new ConfigError('[transformers] batchSize must be an integer >= 1.');
    }
    this.pipelineOptions = options.pipelineOptions ?? {};
    this.loader = options.loader ?? importTransformers;
    this.id = `transformers:${basename(this.modelPath)}:${this.pooling}:d${this.dimension}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      let tensor: TensorLike;
      try {
        tensor = await extractor([...batch], { pooling: this.pooling, normalize: this.normalize });
      } catch (cause) {
        throw new EmbeddingError(`[transformers] the model at ${this.modelPath} failed to embed: ${String(cause)}`, {
          cause,
        });
      }
      out.push(...checkEmbeddings(this.id, this.dimension, batch, rows(tensor, batch.length)));
    }
    return out;
  }

  /** Releases the model. The next `embed()` loads it again. */
  async close(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = undefined;
    if (extractor) await (await extractor.catch(() => undefined))?.dispose?.();
  }

  private load(): Promise<FeatureExtractor> {
    this.extractor ??= this.createExtractor().catch((error: unknown) => {
      this.extractor = undefined;
      throw error;
    });
    return this.extractor;
  }

  private async createExtractor(): Promise<FeatureExtractor> {
    let lib: TransformersModule;
    try {
      lib = await this.loader();
    } catch (cause) {
      throw new EmbeddingError(
        `[transformers] cannot load '${TRANSFORMERS_PACKAGE}': install it (npm install ${TRANSFORMERS_PACKAGE}) ` +
          'to use TransformersEmbeddingProvider, or use HashingEmbedder / OpenAIEmbeddingProvider.',
        { cause },
      );
    }
    if (!existsSync(this.modelPath)) {
      throw new EmbeddingError(`[transformers] model directory ${this.modelPath} does not exist.`);
    }
    lib.env.allowRemoteModels = false;
    lib.env.allowLocalModels = true;
    lib.env.localModelPath = `${dirname(this.modelPath)}/`;
    try {
      return await lib.pipeline('feature-extraction', basename(this.modelPath), {
        local_files_only: true,
        ...this.pipelineOptions,
      });
    } catch (cause) {
      throw new EmbeddingError(
        `[transformers] cannot load the model from ${this.modelPath} (remote loading is disabled): ${String(cause)}`,
        { cause },
      );
    }
  }
}

function rows(tensor: TensorLike, expected: number): Float32Array[] {
  const [n, d] = tensor.dims;
  if (tensor.dims.length !== 2 || n !== expected || d === undefined) {
    throw new EmbeddingError(
      `[transformers] expected a [${expected}, dimension] tensor, got [${tensor.dims.join(', ')}]. ` +
        "Use a sentence-embedding model with pooling 'mean' or 'cls'.",
    );
  }
  const data = Float32Array.from(tensor.data);
  return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
}

/** Kept in a variable so bundlers and TypeScript do not try to resolve the optional package. */
async function importTransformers(): Promise<TransformersModule> {
  const specifier: string = TRANSFORMERS_PACKAGE;
  return (await import(specifier)) as TransformersModule;
}
