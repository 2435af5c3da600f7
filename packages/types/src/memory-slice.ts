import type { AntiPattern, DomainKnowledge, Heuristic, Outcome, UserPreference } from './memory.js';
import type { Metadata } from './primitives.js';
import type { WorkflowOutcome } from './workflow-outcome.js';

/** What a retrieval returns and what gets injected into a prompt. */
export interface MemorySlice {
  heuristics: Heuristic[];
  outcomes: Outcome[];
  preferences: UserPreference[];
  domainKnowledge: DomainKnowledge[];
  antiPatterns: AntiPattern[];
  workflowOutcomes: WorkflowOutcome[];
  query?: string;
  agent?: string;
  retrievalTimeMs?: number;
  metadata: Metadata;
}

export function emptyMemorySlice(init: Partial<MemorySlice> = {}): MemorySlice {
  return {
    heuristics: [],
    outcomes: [],
    preferences: [],
    domainKnowledge: [],
    antiPatterns: [],
    workflowOutcomes: [],
    metadata: {},
    ...init,
  };
}

/** Count of the five classic memory lists (workflow outcomes are not counted, as in ALMA). */
export function totalItems(slice: MemorySlice): number {
  return (
    slice.heuristics.length +
    slice.outcomes.length +
    slice.preferences.length +
    slice.domainKnowledge.length +
    slice.antiPatterns.length
  );
}

/** Rough token estimate (~4 characters per token) used when no tokenizer is plugged in. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ToPromptOptions {
  /** Token budget for the whole text. @default 2000 */
  maxTokens?: number;
  /** Token counter; defaults to `estimateTokens`. */
  countTokens?: (text: string) => number;
  /** Render recent workflow outcomes too. @default true */
  includeWorkflowOutcomes?: boolean;
}

const TRUNCATED = '\n[truncated]';

/** An outcome as one prompt line (plus its error or feedback on the next), e.g. `- [success] Test the API — strategy: retries`. */
function outcomeLines(o: Outcome): string {
  const strategy = o.strategyUsed ? ` — strategy: ${o.strategyUsed}` : '';
  const detail = !o.success && o.errorMessage ? `\n  Error: ${o.errorMessage}` : o.userFeedback ? `\n  Feedback: ${o.userFeedback}` : '';
  return `- [${o.success ? 'success' : 'failure'}] ${o.taskDescription}${strategy}${detail}`;
}

function workflowOutcomeLine(o: WorkflowOutcome): string {
  const strategies = o.strategiesUsed.length ? ` (strategies: ${o.strategiesUsed.slice(0, 3).join(', ')})` : '';
  const error = o.result !== 'success' && o.errorMessage ? `\n  Error: ${o.errorMessage}` : '';
  return `- [${o.result}] ${o.summary}${strategies}${error}`;
}

/**
 * What a slice that has no learned memory (strategy, anti-pattern, preference, fact) holds, in one sentence for
 * a person, or undefined when it has learned memories. A first `learn` stores only an outcome; saying so keeps a
 * first retrieve from looking broken.
 */
export function sliceNote(slice: MemorySlice): string | undefined {
  const learned = slice.heuristics.length + slice.antiPatterns.length + slice.preferences.length + slice.domainKnowledge.length;
  if (learned > 0) return undefined;
  const found = [
    slice.outcomes.length ? `${slice.outcomes.length} past outcome${slice.outcomes.length === 1 ? '' : 's'}` : '',
    slice.workflowOutcomes.length ? `${slice.workflowOutcomes.length} workflow run${slice.workflowOutcomes.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (found.length === 0) return 'No memories matched.';
  return (
    `Only ${found.join(' and ')} matched, no learned strategies, anti-patterns, preferences or facts yet ` +
    '(a strategy is formed once similar outcomes repeat).'
  );
}

/**
 * Markdown for a prompt: strategies (by confidence, 5), patterns to avoid (3), user preferences (5), domain context
 * (5), recent outcomes (5), past workflow outcomes (3) — in that order, which is also the order of priority: whole
 * lines are dropped from the end to fit `maxTokens`, and a cut ends with "[truncated]".
 */
export function memorySliceToPrompt(slice: MemorySlice, options: ToPromptOptions = {}): string {
  const maxTokens = options.maxTokens ?? 2000;
  const count = options.countTokens ?? estimateTokens;
  const sections: string[] = [];
  const heuristics = [...slice.heuristics].sort((a, b) => b.confidence - a.confidence).slice(0, 5);
  if (heuristics.length) {
    sections.push(
      ['## Relevant Strategies', ...heuristics.map(
        (h) => `- When: ${h.condition}\n  Do: ${h.strategy} (confidence: ${Math.round(h.confidence * 100)}%)`,
      )].join('\n'),
    );
  }
  if (slice.antiPatterns.length) {
    sections.push(
      ['## Avoid These Patterns', ...slice.antiPatterns.slice(0, 3).map(
        (a) => `- Don't: ${a.pattern}\n  Why: ${a.whyBad}\n  Instead: ${a.betterAlternative}`,
      )].join('\n'),
    );
  }
  if (slice.preferences.length) {
    sections.push(['## User Preferences', ...slice.preferences.slice(0, 5).map((p) => `- ${p.preference}`)].join('\n'));
  }
  if (slice.domainKnowledge.length) {
    sections.push(['## Domain Context', ...slice.domainKnowledge.slice(0, 5).map((k) => `- ${k.fact}`)].join('\n'));
  }
  if (slice.outcomes.length) {
    sections.push(['## Recent Outcomes', ...slice.outcomes.slice(0, 5).map(outcomeLines)].join('\n'));
  }
  if ((options.includeWorkflowOutcomes ?? true) && slice.workflowOutcomes.length) {
    sections.push(['## Past Workflow Runs', ...slice.workflowOutcomes.slice(0, 3).map(workflowOutcomeLine)].join('\n'));
  }
  const text = sections.join('\n\n');
  if (count(text) <= maxTokens) return text;
  return truncateToTokens(text, maxTokens, count);
}

function truncateToTokens(text: string, maxTokens: number, count: (t: string) => number): string {
  const budget = maxTokens - count(TRUNCATED);
  if (budget <= 0) return '';
  const lines = text.split('\n');
  let kept = '';
  for (const line of lines) {
    const next = kept ? `${kept}\n${line}` : line;
    if (count(next) > budget) break;
    kept = next;
  }
  if (!kept) {
    // A single line longer than the budget: cut it by characters.
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (count(text.slice(0, mid)) <= budget) lo = mid;
      else hi = mid - 1;
    }
    kept = text.slice(0, lo);
  }
  return kept + TRUNCATED;
}
