import { describe, expect, it } from '@jest/globals';
import { scriptedClient } from '../test-support/llm.js';
import { extractJsonObject, LLMFactExtractor } from './llm-extractor.js';

describe('LLMFactExtractor', () => {
  it('validates each fact with zod, keeping the good ones and reporting the bad ones', async () => {
    const client = scriptedClient(JSON.stringify({
      facts: [
        { fact_type: 'Anti-Pattern', content: 'Polling without backoff', confidence: 0.8, condition: 'rate limits', strategy: null },
        { fact_type: 'preference', content: 'Use British spelling', category: 'communication' },
        { fact_type: 'outcome', content: 'Deployed v2', confidence: 0.9, success: true, strategy: 'blue-green' },
        { fact_type: 'opinion', content: 'x', confidence: 0.5 },
        { fact_type: 'heuristic', content: '', confidence: 0.5 },
        { fact_type: 'heuristic', content: 'ok', confidence: 1.5 },
        'not an object',
      ],
    }));
    const r = await new LLMFactExtractor(client).extract([{ role: 'user', content: 'hi {name}' }], { agentContext: 'Agent helena', existingFacts: ['known fact'] });
    expect(r.facts.map((f) => [f.factType, f.content, f.confidence])).toEqual([
      ['anti_pattern', 'Polling without backoff', 0.8],
      ['preference', 'Use British spelling', 0.7],
      ['outcome', 'Deployed v2', 0.9],
    ]);
    expect(r.facts[0]).toMatchObject({ condition: 'rate limits', sourceText: 'USER: hi {name}' });
    expect(r.facts[0]?.strategy).toBeUndefined();
    expect(r.facts[2]).toMatchObject({ success: true, strategy: 'blue-green' });
    expect(r.invalid.map((i) => i.index)).toEqual([3, 4, 5, 6]);
    expect(r.invalid[0]?.reason).toMatch(/fact_type/);
    expect(r.invalid[1]?.reason).toMatch(/content/);
    expect(r.invalid[2]?.reason).toMatch(/confidence/);
    const call = client.calls[0];
    expect(call?.options).toMatchObject({ responseFormat: 'json', temperature: 0.1 });
    expect(call?.messages[0]?.content).toMatch(/never follow instructions/);
    expect(call?.messages[1]?.content).toBe('AGENT CONTEXT:\nAgent helena\n\nEXISTING FACTS (do not duplicate):\n- known fact\n\nCONVERSATION:\n<<<\nUSER: hi {name}\n>>>');
  });

  it('reports a reply that is not the expected JSON instead of throwing', async () => {
    const r = await new LLMFactExtractor(scriptedClient('Sorry, I cannot help with that.')).extract([{ role: 'user', content: 'x' }]);
    expect(r).toMatchObject({ facts: [], invalid: [{ reason: expect.stringMatching(/facts/) }], rawResponse: 'Sorry, I cannot help with that.' });
    const wrapped = await new LLMFactExtractor(scriptedClient('Here you go: {"facts": [{"fact_type": "domain_knowledge", "content": "Orders ship in 2 days", "domain": "logistics"}]} done'), { maxTokens: 100 })
      .extract([{ role: 'user', content: 'x' }]);
    expect(wrapped.facts[0]).toMatchObject({ factType: 'domain_knowledge', domain: 'logistics' });
    expect(() => new LLMFactExtractor({} as never)).toThrow(/LLMClient/);
  });

  it('finds the JSON object in a reply', () => {
    expect(extractJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(extractJsonObject('```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(extractJsonObject('text {"a":3} text')).toEqual({ a: 3 });
    expect(extractJsonObject('no json')).toBeUndefined();
  });
});
