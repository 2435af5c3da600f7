import { describe, expect, it } from '@jest/globals';
import { ConfigError, EmbeddingError, ValidationError } from '@alma/types';
import { MemoryStorage } from '@alma/storage-memory';
import { RetrievalEngine } from './engine.js';
import { HashingEmbedder } from './embedding/hashing.js';
import { FixedEmbedder } from './test-support/fixed-embedder.js';
import {
  NOW,
  antiPattern,
  daysAgo,
  heuristic,
  knowledge,
  outcome,
  preference,
  workflowOutcome,
} from './test-support/records.js';

const Q = [1, 0, 0];
const base = { task: 'deploy the api', agent: 'alice', projectId: 'p1' };

function engine(storage: MemoryStorage, extra: Partial<ConstructorParameters<typeof RetrievalEngine>[0]> = {}) {
  return new RetrievalEngine({
    storage,
    embedder: new FixedEmbedder(3, { 'deploy the api': Q }),
    now: () => NOW,
    cache: false,
    keywordScanLimit: 0,
    ...extra,
  });
}

const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);

describe('RetrievalEngine ranking (fixed vectors)', () => {
  it('ranks the known-best memory first', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('heuristic', [
      heuristic({ id: 'h-mid', embedding: [0.6, 0.8, 0] }),
      heuristic({ id: 'h-best', embedding: [1, 0, 0] }),
      heuristic({ id: 'h-far', embedding: [0, 1, 0] }),
    ]);
    const slice = await engine(storage).retrieve(base);
    expect(ids(slice.heuristics)).toEqual(['h-best', 'h-mid', 'h-far']);
  });

  it('computes ALMA scores exactly: .4 sim + .3 recency + .2 success + .1 confidence', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemory(
      'heuristic',
      heuristic({
        id: 'h1',
        embedding: [0.6, 0.8, 0],
        lastValidated: daysAgo(30),
        occurrenceCount: 4,
        successCount: 3,
        confidence: 0.5,
      }),
    );
    const slice = await engine(storage).retrieve(base);
    const expected = 0.4 * 0.6 + 0.3 * 0.5 + 0.2 * 0.75 + 0.1 * 0.5;
    expect(slice.metadata['scores']).toEqual({ h1: Math.round(expected * 10_000) / 10_000 });
    expect(slice.metadata['scoreBreakdown']).toBeUndefined();
    const explained = await engine(storage).retrieve({ ...base, explain: true });
    expect(explained.metadata['scoreBreakdown']).toEqual({
      h1: { similarity: expect.closeTo(0.6, 6), recency: expect.closeTo(0.5, 6), successRate: 0.75, confidence: 0.5, score: expect.closeTo(expected, 6) },
    });
  });

  it('breaks similarity ties by recency', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('heuristic', [
      heuristic({ id: 'a-old', embedding: Q, lastValidated: daysAgo(60) }),
      heuristic({ id: 'b-new', embedding: Q, lastValidated: daysAgo(1) }),
    ]);
    const slice = await engine(storage).retrieve(base);
    expect(ids(slice.heuristics)).toEqual(['b-new', 'a-old']);
  });

  it('breaks similarity and recency ties by success rate', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('heuristic', [
      heuristic({ id: 'a-low', embedding: Q, occurrenceCount: 10, successCount: 3 }),
      heuristic({ id: 'b-high', embedding: Q, occurrenceCount: 10, successCount: 9 }),
    ]);
    const slice = await engine(storage).retrieve(base);
    expect(ids(slice.heuristics)).toEqual(['b-high', 'a-low']);
  });

  it('lets recency outweigh a small similarity gap, as the weights say', async () => {
    const storage = new MemoryStorage();
    // 0.4 * (1 - 0.9) = 0.04 similarity gap < 0.3 * (1 - 0.5) = 0.15 recency gap.
    await storage.saveMemories('domain_knowledge', [
      knowledge({ id: 'k-similar-old', embedding: [1, 0, 0], lastVerified: daysAgo(30) }),
      knowledge({ id: 'k-close-new', embedding: [0.9, Math.sqrt(1 - 0.81), 0] }),
    ]);
    const slice = await engine(storage).retrieve(base);
    expect(ids(slice.domainKnowledge)).toEqual(['k-close-new', 'k-similar-old']);
    const simOnly = await engine(storage, { weights: { similarity: 1, recency: 0, successRate: 0, confidence: 0 } }).retrieve(
      base,
    );
    expect(ids(simOnly.domainKnowledge)).toEqual(['k-similar-old', 'k-close-new']);
  });

  it('scores outcomes by success and anti-patterns by occurrences', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('outcome', [
      outcome({ id: 'o-fail', embedding: Q, success: false }),
      outcome({ id: 'o-ok', embedding: Q, success: true }),
    ]);
    await storage.saveMemories('anti_pattern', [
      antiPattern({ id: 'ap-rare', embedding: Q, occurrenceCount: 1 }),
      antiPattern({ id: 'ap-common', embedding: Q, occurrenceCount: 12 }),
    ]);
    const slice = await engine(storage).retrieve(base);
    expect(ids(slice.outcomes)).toEqual(['o-ok', 'o-fail']);
    expect(ids(slice.antiPatterns)).toEqual(['ap-common', 'ap-rare']);
  });

  it('drops memories under minScore and keeps topK per type', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('heuristic', [
      ...[1, 2, 3, 4].map((i) => heuristic({ id: `h${i}`, embedding: Q })),
      heuristic({ id: 'h-stale', embedding: [0, 1, 0], lastValidated: daysAgo(365), successCount: 0, confidence: 0 }),
    ]);
    const slice = await engine(storage).retrieve({ ...base, topK: 3 });
    expect(ids(slice.heuristics)).toEqual(['h1', 'h2', 'h3']);
    const all = await engine(storage).retrieve({ ...base, topK: 10 });
    expect(ids(all.heuristics)).not.toContain('h-stale');
    const lenient = await engine(storage, { minScore: 0 }).retrieve({ ...base, topK: 10 });
    expect(ids(lenient.heuristics)).toContain('h-stale');
  });

  it('finds a pure keyword hit the vector search cannot see', async () => {
    const storage = new MemoryStorage();
    const embedder = new HashingEmbedder();
    const text = 'retry the upload when the socket reports ECONNRESET';
    await storage.saveMemories('heuristic', [
      // Stored with another embedder (dimension 3): invisible to a 384-dimension vector search.
      heuristic({ id: 'h-keyword', condition: 'network error', strategy: text, embedding: [0, 0, 1] }),
      heuristic({ id: 'h-none', condition: 'no embedding', strategy: 'ECONNRESET happens on flaky wifi' }),
    ]);
    const task = 'upload failed with ECONNRESET';
    const withKeywords = new RetrievalEngine({ storage, embedder, now: () => NOW, cache: false });
    expect(ids((await withKeywords.retrieve({ ...base, task })).heuristics).sort()).toEqual(['h-keyword', 'h-none']);
    const vectorOnly = new RetrievalEngine({ storage, embedder, now: () => NOW, cache: false, keywordScanLimit: 0 });
    expect((await vectorOnly.retrieve({ ...base, task })).heuristics).toEqual([]);
  });

  it('ranks workflow outcomes only when asked, success above failure', async () => {
    const storage = new MemoryStorage();
    await storage.saveWorkflowOutcome(workflowOutcome({ id: 'w-fail', runId: 'r1', embedding: Q, result: 'failure' }));
    await storage.saveWorkflowOutcome(workflowOutcome({ id: 'w-ok', runId: 'r2', embedding: Q, result: 'success' }));
    await storage.saveWorkflowOutcome(workflowOutcome({ id: 'w-part', runId: 'r3', embedding: Q, result: 'partial' }));
    expect((await engine(storage).retrieve(base)).workflowOutcomes).toEqual([]);
    const slice = await engine(storage).retrieve({ ...base, includeWorkflowOutcomes: true });
    expect(ids(slice.workflowOutcomes)).toEqual(['w-ok', 'w-part', 'w-fail']);
  });

  it('adds the user preferences, most relevant first, capped by maxPreferences', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemories('user_preference', [
      preference({ id: 'pref-tabs', preference: 'use tabs', confidence: 0.7 }),
      preference({ id: 'pref-api', preference: 'deploy the api with blue-green releases', confidence: 0.7 }),
      preference({ id: 'pref-other-user', userId: 'u2', preference: 'deploy on fridays' }),
    ]);
    const e = new RetrievalEngine({ storage, embedder: new HashingEmbedder(), now: () => NOW, cache: false });
    expect((await e.retrieve(base)).preferences).toEqual([]);
    expect(ids((await e.retrieve({ ...base, userId: 'u1' })).preferences)).toEqual(['pref-api', 'pref-tabs']);
    const capped = new RetrievalEngine({ storage, now: () => NOW, cache: false, maxPreferences: 1 });
    expect(ids((await capped.retrieve({ ...base, userId: 'u1' })).preferences)).toEqual(['pref-api']);
    const none = new RetrievalEngine({ storage, now: () => NOW, cache: false, maxPreferences: 0 });
    expect((await none.retrieve({ ...base, userId: 'u1' })).preferences).toEqual([]);
  });

  it('embeds the question of a long prompt, not the whole prompt', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemory('heuristic', heuristic({ id: 'h1', embedding: Q }));
    const prompt = `${'You are a helpful deployment agent with many rules to follow. '.repeat(5)}\ndeploy the api`;
    const slice = await engine(storage).retrieve({ ...base, task: prompt });
    expect(ids(slice.heuristics)).toEqual(['h1']);
    expect(slice.metadata).toMatchObject({ sanitizedQuery: 'deploy the api', sanitizeMethod: 'tail_sentence' });
    expect(slice.query).toBe(prompt);
  });

  it('drops embeddings from results unless asked, and fills the slice fields', async () => {
    const storage = new MemoryStorage();
    await storage.saveMemory('heuristic', heuristic({ id: 'h1', embedding: Q }));
    const slice = await engine(storage).retrieve(base);
    expect(slice.heuristics[0]).not.toHaveProperty('embedding');
    expect(slice).toMatchObject({ query: base.task, agent: 'alice', metadata: { scope: 'agent', scopeFilter: {} } });
    expect(typeof slice.retrievalTimeMs).toBe('number');
    const withVectors = await engine(storage).retrieve({ ...base, includeEmbeddings: true });
    expect(Array.from(withVectors.heuristics[0]?.embedding ?? [])).toEqual(Q);
  });
});

describe('RetrievalEngine input and embedder errors', () => {
  const storage = new MemoryStorage();

  it('rejects bad input with a ValidationError naming the field', async () => {
    const e = engine(storage);
    await expect(e.retrieve({ ...base, task: '   ' })).rejects.toThrow(ValidationError);
    await expect(e.retrieve({ ...base, topK: 0 })).rejects.toThrow(/topK/);
    await expect(e.retrieve({ ...base, scope: 'planet' })).rejects.toThrow(ValidationError);
    await expect(e.retrieve({ ...base, agent: '' })).rejects.toThrow(/agent/);
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => new RetrievalEngine({ storage, minScore: 2 })).toThrow(ConfigError);
    expect(() => new RetrievalEngine({ storage, weights: { similarity: -1 } })).toThrow(ConfigError);
    expect(() => new RetrievalEngine({ storage: {} as MemoryStorage })).toThrow(/StorageBackend/);
    expect(() => new RetrievalEngine({ storage, weights: { similarity: 0, recency: 0, successRate: 0, confidence: 0 } })).toThrow(
      ConfigError,
    );
  });

  it('wraps embedder failures and wrong dimensions in EmbeddingError', async () => {
    const broken = { id: 'broken', dimension: 3, embed: () => Promise.reject(new Error('boom')) };
    await expect(new RetrievalEngine({ storage, embedder: broken }).retrieve(base)).rejects.toThrow(EmbeddingError);
    const wrong = { id: 'wrong', dimension: 3, embed: async () => [new Float32Array(2)] };
    await expect(new RetrievalEngine({ storage, embedder: wrong }).retrieve(base)).rejects.toThrow(/dimension 2/);
  });

  it('exposes the normalised weights', () => {
    const e = new RetrievalEngine({ storage, weights: { similarity: 2, recency: 1, successRate: 1, confidence: 0 } });
    expect(e.weights).toEqual({ similarity: 0.5, recency: 0.25, successRate: 0.25, confidence: 0 });
    expect(e.embedder).toBeInstanceOf(HashingEmbedder);
  });
});
