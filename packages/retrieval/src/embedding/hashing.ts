import { ConfigError } from '@alma/types';
import { contentTokens, sStem } from '../text.js';
import { hash32 } from './hash.js';
import { assertDimension, type EmbeddingProvider } from './provider.js';

export interface HashingEmbedderOptions {
  /** Vector length. More dimensions = fewer hash collisions. @default 384 */
  dimension?: number;
  /** Character n-gram sizes taken inside each word (with word-boundary markers). @default [3] */
  charNgramSizes?: readonly number[];
  /** Weight of each whole-word feature. @default 1 */
  wordWeight?: number;
  /** Weight of each adjacent word-pair feature. @default 0.25 */
  bigramWeight?: number;
  /** Total weight of one word's character n-grams (spread over them). @default 1 */
  charNgramWeight?: number;
  /** Reduce plurals to singular before hashing (S-stemmer). @default true */
  stem?: boolean;
}

const SIGN_SEED = 0x5bd1e995;

/**
 * The default embedder: fully offline and deterministic feature hashing ("hashing trick"), no model and no
 * download.
 *
 * Features of a text: its content words (lower-cased, English stop words removed), adjacent word pairs, and
 * character 3-grams of each word with boundary markers (so "deploy" and "deployment" share most features); plurals
 * are reduced to singular first.
 * Each feature's count gets sublinear tf (1 + ln tf), is hashed (FNV-1a + murmur3 finaliser) into one of
 * `dimension` buckets with a sign from a second hash, and the vector is L2-normalised. Cosine similarity of two
 * vectors therefore measures shared words and word pieces.
 *
 * Limits, honestly: it is lexical. Paraphrases without shared words or word pieces ("car" vs "automobile") score
 * near 0; it has no notion of word order beyond pairs, no synonyms, English-only stop words, and with 384 buckets
 * unrelated features occasionally collide (a small positive or negative similarity between unrelated texts).
 * For semantic quality plug in `OpenAIEmbeddingProvider` or `TransformersEmbeddingProvider`.
 */
export class HashingEmbedder implements EmbeddingProvider {
  readonly dimension: number;
  readonly id: string;
  private readonly charNgramSizes: readonly number[];
  private readonly wordWeight: number;
  private readonly bigramWeight: number;
  private readonly charNgramWeight: number;
  private readonly stem: boolean;

  constructor(options: HashingEmbedderOptions = {}) {
    this.dimension = options.dimension ?? 384;
    assertDimension('hashing', this.dimension);
    this.charNgramSizes = options.charNgramSizes ?? [3];
    for (const n of this.charNgramSizes) {
      if (!Number.isInteger(n) || n < 2 || n > 8) {
        throw new ConfigError(`[hashing] charNgramSizes must be integers in 2..8, got ${String(n)}.`);
      }
    }
    this.wordWeight = weight('wordWeight', options.wordWeight, 1);
    this.bigramWeight = weight('bigramWeight', options.bigramWeight, 0.25);
    this.charNgramWeight = weight('charNgramWeight', options.charNgramWeight, 1);
    this.stem = options.stem ?? true;
    this.id =
      `hashing-v1:d${this.dimension}:c${this.charNgramSizes.join('.')}` +
      `:w${this.wordWeight}:b${this.bigramWeight}:g${this.charNgramWeight}${this.stem ? ':s' : ''}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t));
  }

  /** Synchronous form of `embed` for one text. A text without content words gives the zero vector. */
  embedSync(text: string): Float32Array {
    const features = this.features(text);
    const vector = new Float64Array(this.dimension);
    for (const [feature, { count, weightSum }] of features) {
      const bucket = hash32(feature) % this.dimension;
      const sign = (hash32(feature, SIGN_SEED) & 1) === 0 ? 1 : -1;
      // Sublinear tf: mean weight of the occurrences times (1 + ln tf).
      vector[bucket] = (vector[bucket] as number) + sign * (weightSum / count) * (1 + Math.log(count));
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    const out = new Float32Array(this.dimension);
    if (norm === 0) return out;
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) * inv;
    return out;
  }

  private features(text: string): Map<string, { count: number; weightSum: number }> {
    const out = new Map<string, { count: number; weightSum: number }>();
    const add = (feature: string, w: number): void => {
      const entry = out.get(feature);
      if (entry) {
        entry.count++;
        entry.weightSum += w;
      } else out.set(feature, { count: 1, weightSum: w });
    };
    const words = this.stem ? contentTokens(text).map(sStem) : contentTokens(text);
    words.forEach((word, i) => {
      add(`w:${word}`, this.wordWeight);
      if (i > 0) add(`b:${words[i - 1]} ${word}`, this.bigramWeight);
      const grams = charNgrams(`<${word}>`, this.charNgramSizes);
      const each = grams.length > 0 ? this.charNgramWeight / Math.sqrt(grams.length) : 0;
      for (const g of grams) add(`c:${g}`, each);
    });
    return out;
  }
}

function charNgrams(word: string, sizes: readonly number[]): string[] {
  const grams: string[] = [];
  for (const n of sizes) {
    for (let i = 0; i + n <= word.length; i++) grams.push(word.slice(i, i + n));
  }
  return grams;
}

function weight(name: string, value: number | undefined, fallback: number): number {
  const w = value ?? fallback;
  if (!Number.isFinite(w) || w < 0) throw new ConfigError(`[hashing] ${name} must be a finite number >= 0.`);
  return w;
}
