import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { RetrievalEngine } from './engine.js';
import { HashingEmbedder } from './embedding/hashing.js';
import { metrics, rankWithEmbedder, type QualityReport } from './test-support/evaluate.js';
import { QUALITY_DOCS, QUALITY_QUERIES } from './test-support/quality-set.js';
import { NOW, knowledge } from './test-support/records.js';

// Measured on this set (see README "Retrieval quality"); the floors sit just under the measurements so a
// regression fails. Set ALMA_PRINT_QUALITY=1 to print the numbers. Nothing is written to disk.
const print = (label: string, report: QualityReport): void => {
  if (process.env['ALMA_PRINT_QUALITY']) console.log(label, JSON.stringify(report));
};

describe('retrieval quality of the default HashingEmbedder on the labelled set', () => {
  const embedder = new HashingEmbedder();
  const lexical = QUALITY_QUERIES.filter((q) => !q.paraphrase);
  const paraphrases = QUALITY_QUERIES.filter((q) => q.paraphrase);

  it('has a labelled set of 48 memories and 16 queries', () => {
    expect(QUALITY_DOCS).toHaveLength(48);
    expect(QUALITY_QUERIES).toHaveLength(16);
    const known = new Set(QUALITY_DOCS.map((d) => d.id));
    expect(QUALITY_QUERIES.flatMap((q) => q.relevant).every((id) => known.has(id))).toBe(true);
  });

  it('ranks by cosine alone: precision@5 0.275 (max 0.338), MRR 0.880', async () => {
    const all = metrics(QUALITY_QUERIES, await rankWithEmbedder(embedder, QUALITY_DOCS, QUALITY_QUERIES));
    print('embedder', all);
    expect(all.precisionAt5).toBeGreaterThanOrEqual(0.27);
    expect(all.recallAt5).toBeGreaterThanOrEqual(0.84);
    expect(all.mrr).toBeGreaterThanOrEqual(0.87);
  });

  it('is lexical: queries sharing words do far better than paraphrases', async () => {
    const lex = metrics(lexical, await rankWithEmbedder(embedder, QUALITY_DOCS, lexical));
    const para = metrics(paraphrases, await rankWithEmbedder(embedder, QUALITY_DOCS, paraphrases));
    print('lexical', lex);
    print('paraphrase', para);
    expect(lex.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(lex.mrr).toBeGreaterThanOrEqual(0.95);
    expect(para.recallAt5).toBeLessThan(lex.recallAt5);
    expect(para.mrr).toBeLessThan(lex.mrr);
  });

  it('ranks through the engine (vector + keyword candidates, default weights): precision@5 0.275, MRR 0.865', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories(
      'domain_knowledge',
      QUALITY_DOCS.map((d) => knowledge({ id: d.id, fact: d.text, embedding: embedder.embedSync(d.text) })),
    );
    const engine = new RetrievalEngine({ storage, embedder, now: () => NOW, cache: false });
    const rankings: string[][] = [];
    for (const q of QUALITY_QUERIES) {
      const slice = await engine.retrieve({ task: q.query, agent: 'alice', projectId: 'p1', topK: 5 });
      rankings.push(slice.domainKnowledge.map((k) => k.id));
    }
    const all = metrics(QUALITY_QUERIES, rankings);
    print('engine', all);
    expect(all.precisionAt5).toBeGreaterThanOrEqual(0.27);
    expect(all.mrr).toBeGreaterThanOrEqual(0.85);
  });
});
