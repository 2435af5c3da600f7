import type { ALMA } from '@alma/core';
import { tenantScope, type AntiPattern, type ArtifactRef, type Entity, type Heuristic, type Relationship, type ScopeFilter, type WorkflowOutcome } from '@alma/types';
import { antiPatternEvents, byTimeDesc, formedFromIds, heuristicEvents, type LearningEvent } from '../learning/events.js';
import { resolveSources } from '../learning/timeline.js';
import { kindLabel, searchTextOf, toRow, type MemoryKind, type MemoryRow } from './kinds.js';
import { getRecord, presentable, readRecords } from './read.js';

/** An entity of graph memory tied to the memory: linked by id in its properties, or named in its text. */
export interface RelatedEntity {
  readonly entity: Entity;
  readonly via: 'linked' | 'named';
  /** Its neighbours one hop away (edges valid now). */
  readonly neighbours: ReadonlyArray<{ readonly entity: Entity; readonly depth: number }>;
  readonly relationships: readonly Relationship[];
}

export interface MemoryDetail {
  readonly kind: MemoryKind;
  readonly label: string;
  readonly record: Record<string, unknown>;
  readonly artifacts: ArtifactRef[];
  readonly graph: RelatedEntity[];
  /** Nearest memories of the same kind by embedding (none without one). */
  readonly similar: Array<MemoryRow & { similarity: number }>;
  /** Heuristics and anti-patterns: when and from what they were learned. */
  readonly history: LearningEvent[];
  /** Outcomes: the heuristics formed from them; workflow outcomes: the memories they extracted. */
  readonly formed: MemoryRow[];
}

const GRAPH_SCAN = 1000;
const MAX_RELATED = 8;
const MAX_READ = 100_000;

/**
 * Everything the detail page shows about one memory. Related reads (artifacts, graph, history) use the memory's own
 * tenant: in admin mode the memory may belong to any tenant, and what is shown next to it must be that tenant's.
 */
export async function memoryDetail(alma: ALMA, kind: MemoryKind, id: string, scope: ScopeFilter): Promise<MemoryDetail> {
  const record = await getRecord(alma, kind, id, scope);
  const tenantId = typeof record['tenantId'] === 'string' ? record['tenantId'] : undefined;
  const own = tenantScope({ tenantId });
  const [artifacts, graph, similar, history, formed] = await Promise.all([
    alma.storage.getArtifactLinks(id, own),
    relatedEntities(alma, kind, record, tenantId),
    similarMemories(alma, kind, record, own),
    memoryHistory(alma, kind, record, own),
    formedFrom(alma, kind, record, own),
  ]);
  return { kind, label: kindLabel(kind), record: presentable(record), artifacts, graph, similar, history, formed };
}

async function relatedEntities(alma: ALMA, kind: MemoryKind, record: Record<string, unknown> & { id: string }, tenantId: string | undefined): Promise<RelatedEntity[]> {
  const entities = await alma.storage.queryEntities({ scope: tenantScope({ tenantId }), projectId: alma.projectId, limit: GRAPH_SCAN });
  const text = searchTextOf(kind, record);
  const tied: Array<{ entity: Entity; via: 'linked' | 'named' }> = [];
  for (const entity of entities) {
    const p = entity.properties;
    const linked = p['memoryId'] === record.id || (Array.isArray(p['memoryIds']) && p['memoryIds'].includes(record.id));
    if (linked) tied.push({ entity, via: 'linked' });
    else if (entity.name.length >= 3 && mentions(text, entity.name.toLowerCase())) tied.push({ entity, via: 'named' });
  }
  const shown = tied.sort((a, b) => (a.via === b.via ? a.entity.name.localeCompare(b.entity.name) : a.via === 'linked' ? -1 : 1)).slice(0, MAX_RELATED);
  return Promise.all(
    shown.map(async ({ entity, via }) => {
      const n = await alma.graph.neighbours(entity.id, { hops: 1, maxEntities: 20, context: tenantId ? { tenantId } : {} });
      return { entity, via, neighbours: n.entities, relationships: [...n.relationships] };
    }),
  );
}

/** `name` as a whole word (or phrase) of `text`, both lower case. */
function mentions(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = at === 0 ? ' ' : (text[at - 1] as string);
    const after = at + name.length >= text.length ? ' ' : (text[at + name.length] as string);
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

async function similarMemories(alma: ALMA, kind: MemoryKind, record: Record<string, unknown> & { id: string }, scope: ScopeFilter) {
  const embedding = record['embedding'];
  if (!(embedding instanceof Float32Array)) return [];
  const found = await readRecords(alma, kind, { scope, embedding, topK: 6 });
  return found
    .filter((f) => f.record.id !== record.id)
    .slice(0, 5)
    .map((f) => ({ ...toRow(kind, f.record), similarity: f.similarity ?? 0 }));
}

async function memoryHistory(alma: ALMA, kind: MemoryKind, record: Record<string, unknown>, scope: ScopeFilter): Promise<LearningEvent[]> {
  if (kind !== 'heuristic' && kind !== 'anti_pattern') return [];
  const m = record as unknown as Heuristic & AntiPattern;
  const workflows = (await readRecords(alma, 'workflow_outcome', { scope, agent: m.agent, topK: MAX_READ })).map((f) => f.record as unknown as WorkflowOutcome);
  const events = (kind === 'heuristic' ? heuristicEvents(m, workflows) : antiPatternEvents(m, workflows)).sort(byTimeDesc);
  return resolveSources(alma, events, new Map(kind === 'anti_pattern' ? [[m.id, m as AntiPattern]] : []));
}

async function formedFrom(alma: ALMA, kind: MemoryKind, record: Record<string, unknown> & { id: string }, scope: ScopeFilter): Promise<MemoryRow[]> {
  if (kind === 'workflow_outcome') {
    const w = record as unknown as WorkflowOutcome;
    const read = async (k: 'heuristic' | 'anti_pattern', ids: readonly string[]) =>
      (await Promise.all(ids.map((i) => alma.storage.getMemory(k, i, scope)))).flatMap((r) => (r ? [toRow(k, r as never)] : []));
    return [...(await read('heuristic', w.extractedHeuristics)), ...(await read('anti_pattern', w.extractedAntiPatterns))];
  }
  if (kind !== 'outcome') return [];
  const agent = typeof record['agent'] === 'string' ? record['agent'] : undefined;
  const heuristics = await readRecords(alma, 'heuristic', { scope, agent, topK: MAX_READ });
  return heuristics.filter((f) => formedFromIds(f.record as { metadata?: unknown }).includes(record.id)).map((f) => toRow('heuristic', f.record));
}
