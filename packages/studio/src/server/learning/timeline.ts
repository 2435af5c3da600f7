import type { ALMA } from '@alma/core';
import { tenantScope, type AntiPattern, type Heuristic, type Outcome, type ScopeFilter, type WorkflowOutcome } from '@alma/types';
import { readRecords } from '../memories/read.js';
import { antiPatternEvents, byTimeDesc, failureSources, heuristicEvents, outcomeSource, type LearningEvent } from './events.js';

export interface TimelineQuery {
  readonly scope: ScopeFilter;
  readonly agent?: string | undefined;
  readonly kind?: 'heuristic' | 'anti_pattern' | undefined;
  readonly offset: number;
  readonly limit: number;
}

/** Events per UTC day, for the chart above the list. */
export interface TimelineDay {
  readonly day: string;
  readonly created: number;
  readonly strengthened: number;
  readonly weakened: number;
}

export interface TimelinePage {
  readonly events: LearningEvent[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly days: TimelineDay[];
  /** Heuristics and anti-patterns read. */
  readonly scanned: number;
}

/** Outcomes read per (tenant, agent) to find the failures an anti-pattern was formed from. */
const FAILURE_SCAN = 1000;

/**
 * The learning timeline: every heuristic and anti-pattern of the scope (up to `maxScan` of each) turned into events
 * (see events.ts), newest first, paged; the sources of the page's events are then read by id.
 */
export async function learningTimeline(alma: ALMA, q: TimelineQuery, maxScan: number): Promise<TimelinePage> {
  const { workflowId: _w, ...outcomeScope } = q.scope;
  const read = <T>(kind: 'heuristic' | 'anti_pattern' | 'workflow_outcome', scope: ScopeFilter): Promise<T[]> =>
    readRecords(alma, kind, { scope, agent: q.agent, topK: maxScan }).then((found) => found.map((f) => f.record as unknown as T));
  const [heuristics, antiPatterns, workflows] = await Promise.all([
    q.kind === 'anti_pattern' ? [] : read<Heuristic>('heuristic', q.scope),
    q.kind === 'heuristic' ? [] : read<AntiPattern>('anti_pattern', q.scope),
    read<WorkflowOutcome>('workflow_outcome', outcomeScope),
  ]);
  const all = [
    ...heuristics.flatMap((h) => heuristicEvents(h, workflows)),
    ...antiPatterns.flatMap((a) => antiPatternEvents(a, workflows)),
  ].sort(byTimeDesc);
  const page = all.slice(q.offset, q.offset + q.limit);
  const byId = new Map(antiPatterns.map((a) => [a.id, a]));
  return {
    events: await resolveSources(alma, page, byId),
    total: all.length,
    offset: q.offset,
    limit: q.limit,
    days: perDay(all),
    scanned: heuristics.length + antiPatterns.length,
  };
}

/** The page's outcome sources: `formedFrom` ids read by id, and the failures behind anti-patterns learn() formed. */
export async function resolveSources(alma: ALMA, events: readonly LearningEvent[], antiPatterns: ReadonlyMap<string, AntiPattern>): Promise<LearningEvent[]> {
  const failures = new Map<string, Promise<Outcome[]>>();
  const failuresOf = (tenantId: string | undefined, agent: string): Promise<Outcome[]> => {
    const key = JSON.stringify([tenantId ?? null, agent]);
    let found = failures.get(key);
    if (!found) {
      found = alma.storage
        .queryMemories('outcome', { scope: tenantScope({ tenantId }), projectId: alma.projectId, agents: [agent], topK: FAILURE_SCAN })
        .then((rows) => rows.map((r) => r.record));
      failures.set(key, found);
    }
    return found;
  };
  return Promise.all(
    events.map(async (e) => {
      const scope = tenantScope({ tenantId: e.tenantId });
      if (e.outcomeIds?.length) {
        const read = await Promise.all(e.outcomeIds.slice(0, 20).map((id) => alma.storage.getMemory('outcome', id, scope)));
        const missing = e.outcomeIds.filter((_id, i) => i >= 20 || !read[i]);
        const sources = [...e.sources, ...read.filter((o): o is Outcome => o !== undefined).map(outcomeSource)];
        return { ...e, sources, ...(missing.length ? { missingSources: missing } : {}) };
      }
      const anti = e.memoryKind === 'anti_pattern' && e.action === 'created' && e.sources.length === 0 ? antiPatterns.get(e.memoryId) : undefined;
      if (anti) return { ...e, sources: failureSources(anti, await failuresOf(e.tenantId, e.agent)) };
      return e;
    }),
  );
}

function perDay(events: readonly LearningEvent[]): TimelineDay[] {
  const days = new Map<string, { created: number; strengthened: number; weakened: number }>();
  for (const e of events) {
    const day = e.at.toISOString().slice(0, 10);
    const d = days.get(day) ?? { created: 0, strengthened: 0, weakened: 0 };
    if (e.action === 'created') d.created++;
    else if (e.action === 'weakened') d.weakened++;
    else d.strengthened++;
    days.set(day, d);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-90).map(([day, d]) => ({ day, ...d }));
}
