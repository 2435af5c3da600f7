import { describe, expect, it } from '@jest/globals';
import { CompletedRuns } from './completed-runs.js';

describe('CompletedRuns', () => {
  it('keys by tenant and run, and forgets the oldest beyond its capacity', () => {
    const runs = new CompletedRuns(2);
    runs.add('t', 'r1');
    runs.add(undefined, 'r1');
    expect(runs.has('t', 'r1')).toBe(true);
    expect(runs.has(undefined, 'r1')).toBe(true);
    expect(runs.has('u', 'r1')).toBe(false);
    runs.add('t', 'r1'); // refreshes r1 of t
    runs.add('t', 'r2'); // evicts (undefined, r1)
    expect(runs.has(undefined, 'r1')).toBe(false);
    expect(runs.has('t', 'r1')).toBe(true);
    expect(runs.has('t', 'r2')).toBe(true);
  });
});
