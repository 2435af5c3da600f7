import { describe, expect, it } from '@jest/globals';
import { RuleBasedExtractor } from './rule-based.js';
import type { ChatMessage } from './types.js';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You should always use the tools. I prefer nothing here.' },
  { role: 'user', content: 'I prefer concise answers. Please always use tabs for indentation.' },
  { role: 'assistant', content: 'The flaky login test was fixed by waiting for the network to be idle. Hello there!' },
  { role: 'assistant', content: "Don't use sleep() in tests because it makes them flaky." },
  { role: 'user', content: 'Note that the staging database resets every night.\nThe flaky login test was fixed by waiting for the network to be idle.' },
  { role: 'assistant', content: 'I want to try the thing.' },
];

describe('RuleBasedExtractor', () => {
  it('extracts one fact per matching sentence, deterministically', async () => {
    const x = new RuleBasedExtractor();
    const result = await x.extract(conversation);
    const facts = result.facts.map((f) => [f.factType, f.content, f.confidence]);
    expect(facts).toEqual([
      ['preference', 'I prefer concise answers.', 0.7],
      ['preference', 'Please always use tabs for indentation.', 0.7],
      ['heuristic', 'The flaky login test was fixed by waiting for the network to be idle.', 0.5],
      ['anti_pattern', "Don't use sleep() in tests because it makes them flaky.", 0.5],
      ['domain_knowledge', 'Note that the staging database resets every night.', 0.5],
      ['preference', 'I want to try the thing.', 0.5],
    ]);
    expect(result.facts[0]?.category).toBe('communication');
    expect(result.facts[1]?.category).toBe('code_style');
    expect(result.facts[5]?.category).toBe('general');
    expect(result.facts[2]).toMatchObject({ condition: 'The flaky login test was fixed', strategy: 'waiting for the network to be idle' });
    expect(result.facts[3]).toMatchObject({ condition: 'it makes them flaky' });
    expect(result.facts[4]).toMatchObject({ domain: 'general', metadata: { extractor: 'rule-based', role: 'user' } });
    expect(result.invalid).toEqual([]);
    expect(await x.extract(conversation)).toMatchObject({ facts: result.facts });
  });

  it('skips facts already known and conversations without any', async () => {
    const x = new RuleBasedExtractor();
    const known = await x.extract(conversation, { existingFacts: ['i prefer concise answers.', 'Note that the staging database resets every night.'] });
    expect(known.facts.map((f) => f.content)).not.toContain('I prefer concise answers.');
    expect(known.facts).toHaveLength(4);
    expect((await x.extract([{ role: 'user', content: 'Hello, how are you today?' }])).facts).toEqual([]);
    const plain = await x.extract([{ role: 'assistant', content: 'It is best to keep retries idempotent.' }]);
    expect(plain.facts[0]).toMatchObject({ factType: 'heuristic' });
    expect(plain.facts[0]?.strategy).toBeUndefined();
  });
});
