import { describe, expect, it } from '@jest/globals';
import { SINGLE_TENANT, StorageError, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { scriptedClient } from '../test-support/llm.js';
import { inferFactDomain } from './auto-learner.js';
import { LLMFactExtractor } from './llm-extractor.js';
import { RuleBasedExtractor } from './rule-based.js';
import type { ChatMessage, FactExtractor } from './types.js';

const chat: ChatMessage[] = [
  { role: 'user', content: 'I prefer concise answers. Note that the staging database resets every night.' },
  { role: 'assistant', content: 'The flaky checkout was fixed by waiting for the network to be idle.' },
  { role: 'assistant', content: "Don't use sleep() in the checkout flow because it makes runs flaky." },
];

const llmFacts = (...facts: object[]) => new LLMFactExtractor(scriptedClient(JSON.stringify({ facts })));

describe('AutoLearner.learnFromConversation', () => {
  it('commits facts at or above the threshold through the facade (rule-based by default)', async () => {
    const { alma, storage } = makeAlma();
    expect(alma.extraction.extractor).toBeInstanceOf(RuleBasedExtractor);
    const r = await alma.extraction.learnFromConversation(chat, { agent: 'helena', userId: 'u1' });
    expect(r).toMatchObject({ extractor: 'rule-based', extracted: 4, rejected: [], invalid: [] });
    expect(r.committed.map((c) => `${c.memoryType}:${c.action}`)).toEqual([
      'user_preference:created', 'domain_knowledge:created', 'heuristic:created', 'anti_pattern:created',
    ]);
    const [pref] = await storage.queryMemories('user_preference', { scope: SINGLE_TENANT, userId: 'u1' });
    expect(pref?.record).toMatchObject({ preference: 'I prefer concise answers.', source: 'auto_extraction', confidence: 0.7, category: 'communication' });
    const [h] = await storage.queryMemories('heuristic', { scope: SINGLE_TENANT, projectId: 'shop' });
    expect(h?.record).toMatchObject({
      agent: 'helena', condition: 'The flaky checkout was fixed', strategy: 'waiting for the network to be idle', confidence: 0.5,
      occurrenceCount: 1, successCount: 1, metadata: { source: 'auto_extraction' },
    });
    expect(h?.record.embedding).toBeDefined();
    const [ap] = await storage.queryMemories('anti_pattern', { scope: SINGLE_TENANT, projectId: 'shop' });
    expect(ap?.record).toMatchObject({ pattern: "Don't use sleep() in the checkout flow because it makes runs flaky.", whyBad: 'it makes runs flaky' });
    const [dk] = await storage.queryMemories('domain_knowledge', { scope: SINGLE_TENANT, projectId: 'shop' });
    expect(dk?.record).toMatchObject({ domain: 'general', fact: 'Note that the staging database resets every night.', source: 'auto_extraction', confidence: 0.8 });

    // The same conversation again: nothing is duplicated.
    const again = await alma.extraction.learnFromConversation(chat, { agent: 'helena', userId: 'u1' });
    expect(again.committed.map((c) => `${c.memoryType}:${c.action}`)).toEqual(['user_preference:unchanged', 'heuristic:updated', 'anti_pattern:updated']);
    const stats = await storage.getStats({ scope: SINGLE_TENANT, projectId: 'shop' });
    expect(stats.counts).toMatchObject({ heuristic: 1, anti_pattern: 1, domain_knowledge: 1, user_preference: 1 });
  });

  it('rejects low-confidence facts, preferences without a user, and facts outside the agent scope', async () => {
    const { alma, storage } = makeAlma({ agents: { helena: { cannotLearn: ['performance', 'billing'] } } });
    const high = await alma.extraction.learnFromConversation(chat, { agent: 'helena', minConfidence: 0.6 });
    expect(high.committed).toEqual([]);
    expect(high.rejected.map((x) => x.reason)).toEqual([
      'A preference needs a userId to be stored', 'Low confidence: 0.5 < 0.6', 'Low confidence: 0.5 < 0.6', 'Low confidence: 0.5 < 0.6',
    ]);
    expect(alma.extraction.minConfidence).toBe(0.5);
    const scoped = makeAlma({
      agents: { helena: { cannotLearn: ['performance', 'billing'] } },
      extraction: {
        extractor: llmFacts(
          { fact_type: 'heuristic', content: 'Cache the price list to cut latency', confidence: 0.9 },
          { fact_type: 'domain_knowledge', content: 'Invoices are monthly', confidence: 0.9, domain: 'billing' },
          { fact_type: 'heuristic', content: 'Ask before refactoring', confidence: 0.9 },
        ),
      },
    });
    const r = await scoped.alma.extraction.learnFromConversation([{ role: 'user', content: 'anything' }], { agent: 'helena' });
    expect(r.rejected.map((x) => x.reason)).toEqual(['Outside agent scope: performance', expect.stringMatching(/^Commit refused: Agent 'helena' may not learn in domain 'billing'/)]);
    expect(r.committed.map((c) => c.memoryType)).toEqual(['heuristic']);
    expect((await storage.getStats({ scope: SINGLE_TENANT, projectId: 'shop' })).totalMemories).toBe(0);
  });

  it('commits outcomes with a known result through learn(), others as knowledge; commit:false writes nothing', async () => {
    const extractor = llmFacts(
      { fact_type: 'outcome', content: 'Deploy the checkout service', confidence: 0.9, success: true, strategy: 'blue-green deploy' },
      { fact_type: 'outcome', content: 'The release went out late', confidence: 0.9 },
    );
    const { alma, storage } = makeAlma({ extraction: { extractor, minConfidence: 0.8 } });
    const r = await alma.extraction.learnFromConversation([{ role: 'user', content: 'how did it go?' }], { agent: 'victor', context: { tenantId: 't1' } });
    expect(r.committed.map((c) => c.memoryType)).toEqual(['outcome', 'domain_knowledge']);
    const out = await storage.getMemory('outcome', r.committed[0]?.id as string, { tenantId: 't1' });
    expect(out).toMatchObject({ agent: 'victor', success: true, strategyUsed: 'blue-green deploy', tenantId: 't1', metadata: { source: 'auto_extraction' } });
    expect(await storage.getMemory('domain_knowledge', r.committed[1]?.id as string, { tenantId: 't1' })).toMatchObject({ domain: 'outcomes' });

    const dry = makeAlma({ extraction: { extractor: llmFacts({ fact_type: 'domain_knowledge', content: 'Fact', confidence: 0.9 }) } });
    const preview = await dry.alma.extraction.learnFromConversation([{ role: 'user', content: 'x' }], { agent: 'a', commit: false });
    expect(preview).toMatchObject({ accepted: [expect.objectContaining({ content: 'Fact' })], committed: [] });
    expect((await dry.storage.getStats({ scope: SINGLE_TENANT, projectId: 'shop' })).totalMemories).toBe(0);
  });

  it('makes new memories visible to a cached retrieval', async () => {
    const { alma } = makeAlma();
    expect((await alma.retrieve({ task: 'checkout network idle', agent: 'helena' })).heuristics).toEqual([]);
    await alma.extraction.learnFromConversation(chat, { agent: 'helena' });
    const after = await alma.retrieve({ task: 'checkout network idle', agent: 'helena' });
    expect(after.metadata['cache']).toBe('miss');
    expect(after.heuristics).toHaveLength(1);
  });

  it('rejects bad input, and lets unexpected errors through', async () => {
    const { alma } = makeAlma();
    await expect(alma.extraction.learnFromConversation([], { agent: 'a' })).rejects.toThrow(/at least one message/);
    await expect(alma.extraction.learnFromConversation([{ role: 'robot', content: 'x' }] as never, { agent: 'a' })).rejects.toThrow(/role/);
    await expect(alma.extraction.learnFromConversation(chat, { agent: '' })).rejects.toThrow(/agent/);
    await expect(alma.extraction.learnFromConversation(chat, { agent: 'a', minConfidence: 2 })).rejects.toThrow(/minConfidence/);
    await expect(alma.extraction.extract('nope' as never)).rejects.toBeInstanceOf(ValidationError);
    expect((await alma.extraction.extract(chat)).facts).toHaveLength(4);
    const broken: FactExtractor = { name: 'broken', extract: async () => { throw new StorageError('x', 'down'); } };
    const b = makeAlma({ extraction: { extractor: broken } });
    await expect(b.alma.extraction.learnFromConversation(chat, { agent: 'a' })).rejects.toBeInstanceOf(StorageError);
    expect(() => makeAlma({ extraction: { extractor: {} as never } })).toThrow(/FactExtractor/);
  });

  it('infers a domain from keywords', () => {
    expect(inferFactDomain('Run the playwright tests')).toBe('testing');
    expect(inferFactDomain('Call the API endpoint')).toBe('backend');
    expect(inferFactDomain('Write a poem')).toBeUndefined();
  });
});
