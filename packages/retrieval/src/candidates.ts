import {
  cosineSimilarity,
  workflowOutcomeSearchText,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type MemoryRecordMap,
  type Outcome,
  type ScopeFilter,
  type Scored,
  type StorageBackend,
  type WorkflowOutcome,
} from '@alma/types';
import { keywordScorer, type TokenMemo } from './text.js';

/** The memory types retrieved by similarity (user preferences are fetched by userId). */
export type VectorMemoryType = 'heuristic' | 'outcome' | 'domain_knowledge' | 'anti_pattern';

/** A record with the similarity the score uses: max(vector cosine, keywordWeight * keyword overlap). */
export interface Candidate<T> {
  readonly record: T;
  readonly similarity: number;
}

export interface GatherParams {
  readonly storage: StorageBackend;
  readonly filter: ScopeFilter;
  readonly projectId: string;
  /** undefined = every agent in the filter. */
  readonly agents: readonly string[] | undefined;
  readonly embedding: Float32Array;
  /** Content tokens of the task. */
  readonly queryTokens: readonly string[];
  /** Candidates taken from the vector search. */
  readonly vectorK: number;
  /** Newest records scanned for keyword hits. */
  readonly keywordScan: number;
  /** Keyword overlap is scaled by this before it competes with cosine similarity. */
  readonly keywordWeight: number;
  /** Memoised content tokens of the records' texts (the engine keeps one across retrievals). */
  readonly tokenMemo?: TokenMemo;
}

/** The text keyword overlap is measured on: the embedded text plus the type's other descriptive fields. */
export function searchTextOf(type: VectorMemoryType, record: MemoryRecordMap[VectorMemoryType]): string {
  switch (type) {
    case 'heuristic': {
      const h = record as Heuristic;
      return `${h.condition} ${h.strategy}`;
    }
    case 'outcome': {
      const o = record as Outcome;
      return [o.taskType, o.taskDescription, o.strategyUsed, o.errorMessage ?? ''].join(' ');
    }
    case 'domain_knowledge': {
      const k = record as DomainKnowledge;
      return `${k.domain} ${k.fact}`;
    }
    default: {
      const a = record as AntiPattern;
      return `${a.pattern} ${a.whyBad} ${a.betterAlternative}`;
    }
  }
}

/**
 * Two candidate sets, merged by id: the `vectorK` nearest records by embedding (the store ranks them), and the
 * newest `keywordScan` records that share at least one content word with the task (so a pure keyword hit —
 * an error code, a file name, a record stored without an embedding — does not vanish behind the vector search).
 */
export async function gatherMemories<T extends VectorMemoryType>(
  type: T,
  params: GatherParams,
): Promise<Candidate<MemoryRecordMap[T]>[]> {
  const base = { scope: params.filter, projectId: params.projectId, ...(params.agents ? { agents: params.agents } : {}) };
  const [byVector, recent] = await Promise.all([
    params.vectorK > 0
      ? params.storage.queryMemories(type, { ...base, embedding: params.embedding, topK: params.vectorK })
      : Promise.resolve([]),
    params.keywordScan > 0 && params.queryTokens.length > 0
      ? params.storage.queryMemories(type, { ...base, topK: params.keywordScan })
      : Promise.resolve([]),
  ]);
  return merge(byVector, recent, params, (r) => searchTextOf(type, r));
}

/** Same two passes over workflow outcomes (searched by their summary, strategies, patterns and error). */
export async function gatherWorkflowOutcomes(params: GatherParams): Promise<Candidate<WorkflowOutcome>[]> {
  // Workflow outcomes describe whole runs: they have no nodeId, so a node filter would hide them all.
  const { nodeId: _node, branchId: _branch, ...filter } = params.filter;
  const base = { scope: filter, projectId: params.projectId, ...(params.agents ? { agents: params.agents } : {}) };
  const [byVector, recent] = await Promise.all([
    params.vectorK > 0
      ? params.storage.queryWorkflowOutcomes({ ...base, embedding: params.embedding, topK: params.vectorK })
      : Promise.resolve([]),
    params.keywordScan > 0 && params.queryTokens.length > 0
      ? params.storage.queryWorkflowOutcomes({ ...base, topK: params.keywordScan })
      : Promise.resolve([]),
  ]);
  return merge(byVector, recent, params, workflowOutcomeSearchText);
}

function merge<T extends { id: string; embedding?: Float32Array | undefined }>(
  byVector: readonly Scored<T>[],
  recent: readonly Scored<T>[],
  params: GatherParams,
  textOf: (record: T) => string,
): Candidate<T>[] {
  const out = new Map<string, Candidate<T>>();
  const overlap = keywordScorer(params.queryTokens, params.tokenMemo);
  const keyword = (record: T): number => params.keywordWeight * overlap(textOf(record));
  for (const { record, similarity } of byVector) {
    const vector = similarity ?? localCosine(params.embedding, record.embedding);
    out.set(record.id, { record, similarity: Math.max(vector, keyword(record)) });
  }
  for (const { record } of recent) {
    if (out.has(record.id)) continue;
    const kw = keyword(record);
    if (kw <= 0) continue;
    out.set(record.id, { record, similarity: Math.max(localCosine(params.embedding, record.embedding), kw) });
  }
  return [...out.values()];
}

/** Cosine when the stored embedding has the query's dimension, else 0. */
function localCosine(query: Float32Array, embedding: Float32Array | undefined): number {
  return embedding && embedding.length === query.length ? cosineSimilarity(query, embedding) : 0;
}
