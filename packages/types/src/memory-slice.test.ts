import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  antiPatternSchema,
  domainKnowledgeSchema,
  heuristicSchema,
  outcomeSchema,
  userPreferenceSchema,
} from './memory.js';
import { emptyMemorySlice, estimateTokens, memorySliceToPrompt, sliceNote, totalItems, type MemorySlice } from './memory-slice.js';
import {
  rawAntiPattern,
  rawDomainKnowledge,
  rawHeuristic,
  rawOutcome,
  rawPreference,
  rawWorkflowOutcome,
} from './test-support/fixtures.js';
import { workflowOutcomeSchema } from './workflow-outcome.js';

const heuristic = (i: number, confidence: number) =>
  heuristicSchema.parse({ ...rawHeuristic(), id: `h${i}`, condition: `cond ${i}`, strategy: `strat ${i}`, confidence });
const antiPattern = (i: number) =>
  antiPatternSchema.parse({ ...rawAntiPattern(), id: `a${i}`, pattern: `pattern ${i}`, whyBad: `why ${i}`, betterAlternative: `alt ${i}` });
const preference = (i: number) => userPreferenceSchema.parse({ ...rawPreference(), id: `p${i}`, preference: `pref ${i}` });
const fact = (i: number) => domainKnowledgeSchema.parse({ ...rawDomainKnowledge(), id: `d${i}`, fact: `fact ${i}` });
const run = (i: number) =>
  workflowOutcomeSchema.parse({ ...rawWorkflowOutcome(), id: `w${i}`, summary: `run ${i}`, result: i % 2 ? 'failure' : 'success' });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function fullSlice(): MemorySlice {
  return emptyMemorySlice({
    heuristics: range(7).map((i) => heuristic(i, [0.5, 0.9, 0.1, 0.95, 0.7, 0.3, 0.8][i] as number)),
    antiPatterns: range(5).map(antiPattern),
    preferences: range(7).map(preference),
    domainKnowledge: range(7).map(fact),
    workflowOutcomes: range(5).map(run),
    outcomes: range(2).map((i) => outcomeSchema.parse({ ...rawOutcome(), id: `o${i}` })),
  });
}

describe('emptyMemorySlice / totalItems', () => {
  it('starts empty and takes overrides', () => {
    const slice = emptyMemorySlice({ query: 'q', agent: 'helena' });
    expect(slice).toEqual({
      heuristics: [],
      outcomes: [],
      preferences: [],
      domainKnowledge: [],
      antiPatterns: [],
      workflowOutcomes: [],
      metadata: {},
      query: 'q',
      agent: 'helena',
    });
    expect(totalItems(slice)).toBe(0);
  });

  it('counts the five memory lists, not workflow outcomes', () => {
    expect(totalItems(fullSlice())).toBe(7 + 2 + 7 + 7 + 5);
  });
});

describe('sliceNote', () => {
  it('says when only outcomes or workflow runs matched, and when nothing did', () => {
    expect(sliceNote(emptyMemorySlice())).toBe('No memories matched.');
    expect(sliceNote(emptyMemorySlice({ outcomes: [outcomeSchema.parse(rawOutcome())] }))).toBe(
      'Only 1 past outcome matched, no learned strategies, anti-patterns, preferences or facts yet (a strategy is formed once similar outcomes repeat).',
    );
    expect(sliceNote(emptyMemorySlice({ outcomes: fullSlice().outcomes, workflowOutcomes: [run(0)] }))).toMatch(
      /^Only 2 past outcomes and 1 workflow run matched/,
    );
  });

  it('says nothing once a learned memory is there', () => {
    expect(sliceNote(fullSlice())).toBeUndefined();
    expect(sliceNote(emptyMemorySlice({ preferences: [preference(0)] }))).toBeUndefined();
  });
});

describe('estimateTokens', () => {
  it('is about four characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe('memorySliceToPrompt', () => {
  it('is empty for an empty slice', () => {
    expect(memorySliceToPrompt(emptyMemorySlice())).toBe('');
  });

  it('renders sections in order with their caps', () => {
    const text = memorySliceToPrompt(fullSlice(), { maxTokens: 100_000 });
    const headers = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headers).toEqual([
      '## Relevant Strategies',
      '## Avoid These Patterns',
      '## User Preferences',
      '## Domain Context',
      '## Recent Outcomes',
      '## Past Workflow Runs',
    ]);
    expect(text.match(/^- When: /gm)).toHaveLength(5);
    expect(text.match(/^- Don't: /gm)).toHaveLength(3);
    expect(text.match(/^- pref /gm)).toHaveLength(5);
    expect(text.match(/^- fact /gm)).toHaveLength(5);
    expect(text.match(/^- \[(success|failure)\] run /gm)).toHaveLength(3);
    expect(text).toContain('- pref 4');
    expect(text).not.toContain('- pref 5');
    expect(text).not.toContain('pattern 3');
    expect(text).toContain('- [failure] run 1');
    expect(text).not.toContain('run 3');
    expect(text).toContain('\n\n## Avoid These Patterns\n');
  });

  it('orders strategies by confidence and shows it as a percentage', () => {
    const text = memorySliceToPrompt(fullSlice(), { maxTokens: 100_000 });
    const conditions = [...text.matchAll(/^- When: cond (\d)/gm)].map((m) => Number(m[1]));
    expect(conditions).toEqual([3, 1, 6, 4, 0]);
    expect(text).toContain('- When: cond 3\n  Do: strat 3 (confidence: 95%)');
    expect(text).toContain('(confidence: 50%)');
    expect(text).not.toContain('cond 2');
  });

  it('renders outcomes under their own heading: result, task, strategy, and the error of a failure', () => {
    const ok = outcomeSchema.parse({ ...rawOutcome(), userFeedback: 'fast enough' });
    const failed = outcomeSchema.parse({ ...rawOutcome(), id: 'o2', success: false, taskDescription: 'test checkout', errorMessage: 'timeout on submit' });
    expect(memorySliceToPrompt(emptyMemorySlice({ outcomes: [ok, failed] }))).toBe(
      [
        '## Recent Outcomes',
        '- [success] test the login form — strategy: fill fields then submit',
        '  Feedback: fast enough',
        '- [failure] test checkout — strategy: fill fields then submit',
        '  Error: timeout on submit',
      ].join('\n'),
    );
    const many = range(7).map((i) => outcomeSchema.parse({ ...rawOutcome(), id: `o${i}`, taskDescription: `task ${i}` }));
    expect(memorySliceToPrompt(emptyMemorySlice({ outcomes: many })).match(/^- \[success\] task /gm)).toHaveLength(5);
  });

  it('renders workflow runs with their strategies and the error of a failed run', () => {
    const failed = workflowOutcomeSchema.parse({
      ...rawWorkflowOutcome(), result: 'failure', summary: 'deploy failed', strategiesUsed: ['canary', 'retry'], errorMessage: 'health check',
    });
    expect(memorySliceToPrompt(emptyMemorySlice({ workflowOutcomes: [failed] }))).toBe(
      '## Past Workflow Runs\n- [failure] deploy failed (strategies: canary, retry)\n  Error: health check',
    );
  });

  it('keeps outcomes within the token budget, after the learned memories', () => {
    const slice = emptyMemorySlice({
      domainKnowledge: [fact(0)],
      outcomes: range(5).map((i) => outcomeSchema.parse({ ...rawOutcome(), id: `o${i}`, taskDescription: `task ${i} ${'x'.repeat(40)}` })),
    });
    const text = memorySliceToPrompt(slice, { maxTokens: 40 });
    expect(estimateTokens(text)).toBeLessThanOrEqual(40);
    expect(text.startsWith('## Domain Context\n- fact 0\n\n## Recent Outcomes\n- [success] task 0')).toBe(true);
    expect(text.endsWith('\n[truncated]')).toBe(true);
  });

  it('renders anti-patterns with why and instead', () => {
    const text = memorySliceToPrompt(emptyMemorySlice({ antiPatterns: [antiPattern(0)] }));
    expect(text).toBe("## Avoid These Patterns\n- Don't: pattern 0\n  Why: why 0\n  Instead: alt 0");
  });

  it('does not reorder the caller’s heuristics', () => {
    const slice = fullSlice();
    const ids = slice.heuristics.map((h) => h.id);
    memorySliceToPrompt(slice);
    expect(slice.heuristics.map((h) => h.id)).toEqual(ids);
  });

  it('leaves workflow runs out when includeWorkflowOutcomes is false', () => {
    const text = memorySliceToPrompt(fullSlice(), { maxTokens: 100_000, includeWorkflowOutcomes: false });
    expect(text).not.toContain('## Past Workflow Runs');
    expect(memorySliceToPrompt(emptyMemorySlice({ workflowOutcomes: [run(0)] }), { includeWorkflowOutcomes: false })).toBe('');
  });

  it('returns the whole text when it fits the budget exactly', () => {
    const full = memorySliceToPrompt(fullSlice(), { maxTokens: 100_000 });
    expect(memorySliceToPrompt(fullSlice(), { maxTokens: estimateTokens(full) })).toBe(full);
  });

  it('truncates whole lines to fit the budget and ends with [truncated]', () => {
    const full = memorySliceToPrompt(fullSlice(), { maxTokens: 100_000 });
    const maxTokens = 40;
    const text = memorySliceToPrompt(fullSlice(), { maxTokens });
    expect(text.endsWith('\n[truncated]')).toBe(true);
    expect(estimateTokens(text)).toBeLessThanOrEqual(maxTokens);
    const kept = text.slice(0, -'\n[truncated]'.length);
    expect(full.startsWith(`${kept}\n`)).toBe(true);
    // the kept part is the longest whole-line prefix that fits
    const nextLine = full.slice(kept.length + 1).split('\n')[0] as string;
    expect(estimateTokens(`${kept}\n${nextLine}\n[truncated]`)).toBeGreaterThan(maxTokens);
  });

  it('cuts a single over-long line by characters', () => {
    const long = emptyMemorySlice({
      preferences: [userPreferenceSchema.parse({ ...rawPreference(), preference: 'x'.repeat(1000) })],
    });
    // The header line "## User Preferences" fits, so whole-line mode keeps it.
    expect(memorySliceToPrompt(long, { maxTokens: 10 })).toBe('## User Preferences\n[truncated]');
    // Budget 5 tokens = 3 for the marker + 2 (8 characters) of text: the first line itself is cut.
    const cut = memorySliceToPrompt(long, { maxTokens: 5 });
    expect(cut).toBe('## User \n[truncated]');
    expect(estimateTokens(cut)).toBeLessThanOrEqual(5);
  });

  it('gives an empty string when even the marker does not fit', () => {
    expect(memorySliceToPrompt(fullSlice(), { maxTokens: 3 })).toBe('');
    expect(memorySliceToPrompt(fullSlice(), { maxTokens: 0 })).toBe('');
  });

  it('uses a custom token counter', () => {
    const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
    const text = memorySliceToPrompt(fullSlice(), { maxTokens: 20, countTokens: words });
    expect(text.endsWith('[truncated]')).toBe(true);
    expect(words(text)).toBeLessThanOrEqual(20);
  });

  it('always fits the budget (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 7 }), (maxTokens, n) => {
        const slice = fullSlice();
        slice.heuristics = slice.heuristics.slice(0, n);
        const full = memorySliceToPrompt(slice, { maxTokens: 1e9 });
        const text = memorySliceToPrompt(slice, { maxTokens });
        expect(estimateTokens(text)).toBeLessThanOrEqual(maxTokens);
        if (text !== full && text !== '') {
          expect(text.endsWith('\n[truncated]')).toBe(true);
          expect(full.startsWith(text.slice(0, -'\n[truncated]'.length))).toBe(true);
        }
      }),
    );
  });
});
