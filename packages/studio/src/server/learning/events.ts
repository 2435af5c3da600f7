import type { AntiPattern, Heuristic, Outcome, WorkflowOutcome } from '@alma/types';

/** What a learning event did to a heuristic or anti-pattern. */
export type LearningAction = 'created' | 'strengthened' | 'weakened' | 'seen again' | 'validated';

/** Where a learning event came from. */
export interface LearningSource {
  readonly kind: 'outcome' | 'workflow_outcome';
  readonly id: string;
  readonly title: string;
  readonly at: Date;
  /** outcome: success; workflow outcome: its result. */
  readonly result: string;
}

/** One moment a heuristic or anti-pattern was learned, from the records the store holds. */
export interface LearningEvent {
  readonly at: Date;
  readonly action: LearningAction;
  readonly memoryKind: 'heuristic' | 'anti_pattern';
  readonly memoryId: string;
  readonly agent: string;
  readonly tenantId?: string;
  readonly title: string;
  readonly detail: string;
  readonly sources: LearningSource[];
  /** Outcome ids the record names as its sources (`metadata.formedFrom`), resolved into `sources` for a page. */
  readonly outcomeIds?: string[];
  /** Of `outcomeIds`, those no longer in the store (pruned or deleted). */
  readonly missingSources?: string[];
}

/** A workflow outcome's save and the memories it names are written by one learnFromWorkflow call. */
const SAME_CALL_MS = 60_000;

export const workflowSource = (w: WorkflowOutcome): LearningSource => ({
  kind: 'workflow_outcome', id: w.id, title: w.summary.slice(0, 200), at: w.createdAt, result: w.result,
});

export const outcomeSource = (o: Outcome): LearningSource => ({
  kind: 'outcome', id: o.id, title: o.taskDescription.slice(0, 200), at: o.timestamp, result: o.success ? 'success' : 'failure',
});

/** The outcome ids a heuristic formed by learn() names in `metadata.formedFrom`. */
export function formedFromIds(record: { metadata?: unknown }): string[] {
  const list = (record.metadata as Record<string, unknown> | undefined)?.['formedFrom'];
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

const pct = (n: number): string => `${Math.round(n * 100)}%`;
const near = (a: Date, b: Date): boolean => Math.abs(a.getTime() - b.getTime()) <= SAME_CALL_MS;
const failed = (w: WorkflowOutcome): boolean => w.result === 'failure' || w.result === 'timeout';

/**
 * The history of a heuristic. The store keeps no event log, so it is read from what the records say: created at
 * `createdAt` from `metadata.formedFrom` (learn) or the workflow outcome that extracted it (learnFromWorkflow);
 * strengthened or weakened by every later workflow outcome that names it; validated at `lastValidated` when no
 * workflow outcome explains that time (a later learn() updated it; its counts are the current ones).
 */
export function heuristicEvents(h: Heuristic, workflows: readonly WorkflowOutcome[]): LearningEvent[] {
  const base = { memoryKind: 'heuristic' as const, memoryId: h.id, agent: h.agent, ...(h.tenantId ? { tenantId: h.tenantId } : {}), title: h.strategy };
  const naming = workflows.filter((w) => w.extractedHeuristics.includes(h.id)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const creator = naming.find((w) => near(w.createdAt, h.createdAt));
  const formedFrom = formedFromIds(h);
  const events: LearningEvent[] = [
    {
      ...base, at: h.createdAt, action: 'created',
      detail: `${h.condition}${formedFrom.length ? ` · formed from ${formedFrom.length} similar outcomes` : ''}`,
      sources: creator ? [workflowSource(creator)] : [],
      ...(formedFrom.length ? { outcomeIds: formedFrom } : {}),
    },
  ];
  for (const w of naming) {
    if (w === creator) continue;
    events.push({
      ...base, at: w.createdAt, action: failed(w) ? 'weakened' : 'strengthened',
      detail: `workflow ${w.workflowId} run ${w.runId} ended ${w.result}`, sources: [workflowSource(w)],
    });
  }
  const explained = events.some((e) => near(e.at, h.lastValidated));
  if (!explained) {
    events.push({
      ...base, at: h.lastValidated, action: 'validated',
      detail: `now ${h.successCount}/${h.occurrenceCount} successes, confidence ${pct(h.confidence)}`, sources: [],
    });
  }
  return events;
}

/**
 * The history of an anti-pattern: created at `createdAt` (from the workflow outcome that reported it, or — see
 * `failureSources` — the failed outcomes that used its pattern); seen again with every later workflow outcome naming
 * it, and at `lastSeen` when none explains that time.
 */
export function antiPatternEvents(a: AntiPattern, workflows: readonly WorkflowOutcome[]): LearningEvent[] {
  const base = { memoryKind: 'anti_pattern' as const, memoryId: a.id, agent: a.agent, ...(a.tenantId ? { tenantId: a.tenantId } : {}), title: a.pattern };
  const naming = workflows.filter((w) => w.extractedAntiPatterns.includes(a.id)).sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
  const creator = naming.find((w) => near(w.createdAt, a.createdAt));
  const events: LearningEvent[] = [
    { ...base, at: a.createdAt, action: 'created', detail: a.whyBad || '(no reason recorded)', sources: creator ? [workflowSource(creator)] : [] },
  ];
  for (const w of naming) {
    if (w !== creator) events.push({ ...base, at: w.createdAt, action: 'seen again', detail: `workflow ${w.workflowId} run ${w.runId} ended ${w.result}`, sources: [workflowSource(w)] });
  }
  if (!events.some((e) => near(e.at, a.lastSeen))) {
    events.push({ ...base, at: a.lastSeen, action: 'seen again', detail: `seen ${a.occurrenceCount}× in all`, sources: [] });
  }
  return events;
}

/** learn() forms an anti-pattern from failed outcomes of its agent whose strategy is the pattern: those, oldest first. */
export function failureSources(a: Pick<AntiPattern, 'agent' | 'pattern' | 'createdAt'>, outcomes: readonly Outcome[]): LearningSource[] {
  const pattern = a.pattern.trim().toLowerCase();
  return outcomes
    .filter((o) => !o.success && o.agent === a.agent && o.strategyUsed.trim().toLowerCase() === pattern && o.timestamp.getTime() <= a.createdAt.getTime() + 1000)
    .sort((x, y) => x.timestamp.getTime() - y.timestamp.getTime())
    .slice(-10)
    .map(outcomeSource);
}

/** Newest first; equal times by memory id then action, so pages are stable. */
export function byTimeDesc(a: LearningEvent, b: LearningEvent): number {
  return b.at.getTime() - a.at.getTime() || a.memoryId.localeCompare(b.memoryId) || a.action.localeCompare(b.action);
}
