import { cosineSimilarity } from '@alma/types';
import type { EmbeddingProvider } from '../embedding/provider.js';
import type { QualityDoc, QualityQuery } from './quality-set.js';

export interface QualityReport {
  /** Mean over queries of |relevant in top 5| / 5. */
  readonly precisionAt5: number;
  /** Mean over queries of |relevant in top 5| / |relevant|. */
  readonly recallAt5: number;
  /** Mean reciprocal rank of the first relevant memory. */
  readonly mrr: number;
  /** Best precision@5 any ranking could reach on this set (few memories are relevant per query). */
  readonly maxPrecisionAt5: number;
}

/** Metrics of rankings (ids, best first) against the labels. */
export function metrics(queries: readonly QualityQuery[], rankings: readonly (readonly string[])[]): QualityReport {
  let p = 0;
  let r = 0;
  let rr = 0;
  let maxP = 0;
  queries.forEach((q, i) => {
    const ranking = rankings[i] ?? [];
    const hits = ranking.slice(0, 5).filter((id) => q.relevant.includes(id)).length;
    p += hits / 5;
    r += hits / q.relevant.length;
    const first = ranking.findIndex((id) => q.relevant.includes(id));
    rr += first === -1 ? 0 : 1 / (first + 1);
    maxP += Math.min(5, q.relevant.length) / 5;
  });
  const n = queries.length;
  return { precisionAt5: p / n, recallAt5: r / n, mrr: rr / n, maxPrecisionAt5: maxP / n };
}

/** Ranks every document by cosine similarity to each query with `embedder`. */
export async function rankWithEmbedder(
  embedder: EmbeddingProvider,
  docs: readonly QualityDoc[],
  queries: readonly QualityQuery[],
): Promise<string[][]> {
  const docVectors = await embedder.embed(docs.map((d) => d.text));
  const queryVectors = await embedder.embed(queries.map((q) => q.query));
  return queryVectors.map((qv) =>
    docs
      .map((d, i) => ({ id: d.id, s: cosineSimilarity(qv, docVectors[i] as Float32Array) }))
      .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
      .map((x) => x.id),
  );
}
