import { describe, expect, it } from '@jest/globals';
import { rawWorkflowOutcome } from './test-support/fixtures.js';
import {
  isWorkflowFailure,
  isWorkflowSuccess,
  WorkflowResult,
  workflowOutcomeSchema,
  workflowOutcomeSearchText,
  workflowResultSchema,
} from './workflow-outcome.js';

describe('workflow outcome', () => {
  it('has ALMA result values', () => {
    expect(Object.values(WorkflowResult)).toEqual(['success', 'failure', 'partial', 'cancelled', 'timeout']);
    expect(workflowResultSchema.options).toEqual(Object.values(WorkflowResult));
  });

  it('parses a valid outcome with list defaults', () => {
    const o = workflowOutcomeSchema.parse(rawWorkflowOutcome());
    expect(o.strategiesUsed).toEqual([]);
    expect(o.extractedHeuristics).toEqual([]);
    expect(o.metadata).toEqual({});
    expect(o.createdAt).toBeInstanceOf(Date);
  });

  it('requires workflowId, runId, agent, projectId and a summary', () => {
    for (const field of ['workflowId', 'runId', 'agent', 'projectId', 'summary'] as const) {
      const input: Record<string, unknown> = rawWorkflowOutcome();
      delete input[field];
      const result = workflowOutcomeSchema.safeParse(input);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
    }
    expect(workflowOutcomeSchema.safeParse({ ...rawWorkflowOutcome(), result: 'won' }).success).toBe(false);
    expect(workflowOutcomeSchema.safeParse({ ...rawWorkflowOutcome(), durationSeconds: -1 }).success).toBe(false);
  });

  it.each([
    ['success', true, false],
    ['failure', false, true],
    ['timeout', false, true],
    ['partial', false, false],
    ['cancelled', false, false],
  ] as const)('%s: success=%p failure=%p', (result, success, failure) => {
    expect(isWorkflowSuccess({ result })).toBe(success);
    expect(isWorkflowFailure({ result })).toBe(failure);
  });

  it('builds the search text from the non-empty parts, joined by " | "', () => {
    expect(
      workflowOutcomeSearchText({
        summary: 'Checked login',
        strategiesUsed: ['retry', 'wait'],
        successfulPatterns: ['wait for element'],
        failedPatterns: ['sleep'],
        errorMessage: 'timeout on submit',
      }),
    ).toBe('Checked login | Strategies: retry, wait | Successful: wait for element | Failed: sleep | Error: timeout on submit');
    expect(
      workflowOutcomeSearchText({ summary: 'Only a summary', strategiesUsed: [], successfulPatterns: [], failedPatterns: [] }),
    ).toBe('Only a summary');
    expect(
      workflowOutcomeSearchText({
        summary: 's',
        strategiesUsed: [],
        successfulPatterns: [],
        failedPatterns: ['f'],
        errorMessage: '',
      }),
    ).toBe('s | Failed: f');
  });
});
