import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, EmbeddingError } from '@alma/types';
import {
  TransformersEmbeddingProvider,
  type FeatureExtractor,
  type TensorLike,
  type TransformersModule,
} from './transformers.js';

const root = mkdtempSync(join(tmpdir(), 'alma-retrieval-tf-'));
const modelPath = join(root, 'Xenova', 'all-MiniLM-L6-v2');
mkdirSync(modelPath, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fake transformers.js: a "model" whose vector i is [text length, i, 0, ...]. */
function fakeLibrary(options: { dims?: (n: number) => number[]; fail?: 'pipeline' | 'run' } = {}) {
  const calls: { pipeline: unknown[][]; batches: string[][]; runOptions: unknown[]; disposed: number } = {
    pipeline: [],
    batches: [],
    runOptions: [],
    disposed: 0,
  };
  const env = { allowRemoteModels: true, allowLocalModels: false, localModelPath: '/models/' };
  const extractor = (async (texts: string[], runOptions: unknown): Promise<TensorLike> => {
    if (options.fail === 'run') throw new Error('onnx exploded');
    calls.batches.push(texts);
    calls.runOptions.push(runOptions);
    const data = texts.flatMap((t, i) => [t.length, i, 0, 0]);
    return { dims: options.dims?.(texts.length) ?? [texts.length, 4], data: Float32Array.from(data) };
  }) as FeatureExtractor;
  extractor.dispose = () => {
    calls.disposed++;
  };
  const lib: TransformersModule = {
    env,
    pipeline: async (...args: unknown[]) => {
      calls.pipeline.push(args);
      if (options.fail === 'pipeline') throw new Error('model.onnx not found');
      return extractor;
    },
  };
  return { lib, env, calls };
}

describe('TransformersEmbeddingProvider', () => {
  it('loads the model from the local path only and embeds in batches', async () => {
    const { lib, env, calls } = fakeLibrary();
    const p = new TransformersEmbeddingProvider({ modelPath, dimension: 4, batchSize: 2, loader: async () => lib });
    const vectors = await p.embed(['a', 'bb', 'ccc']);
    expect(vectors.map((v) => Array.from(v))).toEqual([
      [1, 0, 0, 0],
      [2, 1, 0, 0],
      [3, 0, 0, 0],
    ]);
    expect(env).toEqual({ allowRemoteModels: false, allowLocalModels: true, localModelPath: `${join(root, 'Xenova')}/` });
    expect(calls.pipeline).toEqual([['feature-extraction', 'all-MiniLM-L6-v2', { local_files_only: true }]]);
    expect(calls.batches).toEqual([['a', 'bb'], ['ccc']]);
    expect(calls.runOptions[0]).toEqual({ pooling: 'mean', normalize: true });
    await p.embed(['again']);
    expect(calls.pipeline).toHaveLength(1); // loaded once
    expect(await p.embed([])).toEqual([]);
    expect(p.id).toBe('transformers:all-MiniLM-L6-v2:mean:d4');
    await p.close();
    expect(calls.disposed).toBe(1);
    await p.close(); // idempotent
  });

  it('names the package to install when @huggingface/transformers is missing (real import)', async () => {
    const p = new TransformersEmbeddingProvider({ modelPath, dimension: 384 });
    const error = await p.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as Error).message).toMatch(/npm install @huggingface\/transformers/);
  });

  it('fails clearly on a missing directory, a model that will not load, or a failing run', async () => {
    const missing = new TransformersEmbeddingProvider({
      modelPath: join(root, 'nope'),
      dimension: 4,
      loader: async () => fakeLibrary().lib,
    });
    await expect(missing.embed(['x'])).rejects.toThrow(/does not exist/);
    const broken = fakeLibrary({ fail: 'pipeline' });
    const p = new TransformersEmbeddingProvider({ modelPath, dimension: 4, loader: async () => broken.lib });
    await expect(p.embed(['x'])).rejects.toThrow(/remote loading is disabled.*model.onnx not found/);
    await expect(p.embed(['x'])).rejects.toThrow(EmbeddingError); // retried, not cached as failed
    expect(broken.calls.pipeline).toHaveLength(2);
    const run = new TransformersEmbeddingProvider({
      modelPath,
      dimension: 4,
      loader: async () => fakeLibrary({ fail: 'run' }).lib,
    });
    await expect(run.embed(['x'])).rejects.toThrow(/failed to embed: Error: onnx exploded/);
  });

  it('rejects token-level outputs and wrong dimensions', async () => {
    const tokens = fakeLibrary({ dims: (n) => [n, 7, 4] });
    const p = new TransformersEmbeddingProvider({ modelPath, dimension: 4, loader: async () => tokens.lib });
    await expect(p.embed(['x'])).rejects.toThrow(/expected a \[1, dimension\] tensor, got \[1, 7, 4\]/);
    const wrong = new TransformersEmbeddingProvider({ modelPath, dimension: 8, loader: async () => fakeLibrary().lib });
    await expect(wrong.embed(['x'])).rejects.toThrow(/dimension 4 .* expected 8/);
  });

  it('passes pooling, normalisation and pipeline options through', async () => {
    const { lib, calls } = fakeLibrary();
    const p = new TransformersEmbeddingProvider({
      modelPath,
      dimension: 4,
      pooling: 'cls',
      normalize: false,
      pipelineOptions: { dtype: 'q8' },
      loader: async () => lib,
    });
    await p.embed(['x']);
    expect(calls.runOptions[0]).toEqual({ pooling: 'cls', normalize: false });
    expect(calls.pipeline[0]?.[2]).toEqual({ local_files_only: true, dtype: 'q8' });
  });

  it('rejects bad configuration', () => {
    expect(() => new TransformersEmbeddingProvider({ modelPath: '', dimension: 4 })).toThrow(ConfigError);
    expect(() => new TransformersEmbeddingProvider({ modelPath: 'https://hf.co/x', dimension: 4 })).toThrow(/not a URL/);
    expect(() => new TransformersEmbeddingProvider({ modelPath, dimension: 0 })).toThrow(/dimension/);
    expect(() => new TransformersEmbeddingProvider({ modelPath, dimension: 4, batchSize: 0 })).toThrow(/batchSize/);
  });
});
