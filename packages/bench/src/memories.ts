import type { EmbeddingProvider } from '@alma/retrieval';
import {
  embeddingTextOf,
  type AntiPattern,
  type DomainKnowledge,
  type Heuristic,
  type MemoryRecordMap,
  type Outcome,
  type StorageBackend,
} from '@alma/types';
import { sentence } from './payloads.js';

export const PROJECT_ID = 'bench';
export const TENANT = 'acme';
export const AGENT = 'coder';

type VectorType = 'heuristic' | 'outcome' | 'domain_knowledge' | 'anti_pattern';
export interface SeedRecord {
  readonly type: VectorType;
  readonly record: MemoryRecordMap[VectorType];
}

/** Type mix of seeded memories: 40 % heuristics, 30 % outcomes, 20 % domain knowledge, 10 % anti-patterns. */
function typeOf(i: number): VectorType {
  const k = Math.floor(i / 10) % 10;
  return k < 4 ? 'heuristic' : k < 7 ? 'outcome' : k < 9 ? 'domain_knowledge' : 'anti_pattern';
}

/**
 * Memory #i (without embedding). 80 % belong to the queried tenant and agent; 10 % to another tenant and 10 % to
 * another agent of the tenant, so the scope filter has something to exclude. Times spread over the last 60 days.
 */
export function memoryAt(i: number, now: Date): SeedRecord {
  const owner = i % 10 === 0 ? { tenantId: 'globex', agent: AGENT } : i % 10 === 1 ? { tenantId: TENANT, agent: 'reviewer' } : { tenantId: TENANT, agent: AGENT };
  const when = new Date(now.getTime() - ((i * 7919) % (60 * 1440)) * 60_000);
  const base = { id: `${typeOf(i)}-${i}`, projectId: PROJECT_ID, ...owner, metadata: {} };
  const confidence = 0.3 + ((i * 31) % 65) / 100;
  switch (typeOf(i)) {
    case 'heuristic': {
      const record: Heuristic = {
        ...base, condition: `when ${sentence(i, 5)}`, strategy: sentence(i + 1, 8), confidence,
        occurrenceCount: 3 + (i % 20), successCount: 2 + (i % 18), lastValidated: when, createdAt: when,
      };
      return { type: 'heuristic', record };
    }
    case 'outcome': {
      const record: Outcome = {
        ...base, taskType: sentence(i, 1), taskDescription: sentence(i + 2, 10), success: i % 3 !== 0,
        strategyUsed: sentence(i + 3, 6), durationMs: 100 + (i % 5000), timestamp: when,
      };
      return { type: 'outcome', record };
    }
    case 'domain_knowledge': {
      const record: DomainKnowledge = {
        ...base, domain: sentence(i, 1), fact: sentence(i + 4, 12), source: 'bench', confidence, lastVerified: when,
      };
      return { type: 'domain_knowledge', record };
    }
    default: {
      const record: AntiPattern = {
        ...base, pattern: sentence(i + 5, 6), whyBad: sentence(i + 6, 8), betterAlternative: sentence(i + 7, 6),
        occurrenceCount: 2 + (i % 7), lastSeen: when, createdAt: when,
      };
      return { type: 'anti_pattern', record };
    }
  }
}

/**
 * Writes memories #from..#to-1 with `saveMemories` in batches (embeddings computed per batch, one embed call),
 * reporting each finished batch's size to `onBatch`.
 */
export async function seedMemories(
  storage: StorageBackend,
  embedder: EmbeddingProvider,
  range: { from: number; to: number; now: Date; batchSize?: number },
  onBatch: (count: number) => void = () => undefined,
): Promise<void> {
  const batchSize = range.batchSize ?? 1000;
  for (let start = range.from; start < range.to; start += batchSize) {
    const seeds: SeedRecord[] = [];
    for (let i = start; i < Math.min(range.to, start + batchSize); i++) seeds.push(memoryAt(i, range.now));
    const vectors = await embedder.embed(seeds.map((s) => embeddingTextOf(s.type, s.record)));
    const byType = new Map<VectorType, MemoryRecordMap[VectorType][]>();
    seeds.forEach((s, k) => {
      const list = byType.get(s.type) ?? [];
      list.push({ ...s.record, embedding: vectors[k] as Float32Array });
      byType.set(s.type, list);
    });
    for (const [type, list] of byType) await storage.saveMemories(type, list);
    onBatch(seeds.length);
  }
}

/** The retrieval queries, cycled through by the scenario. */
export function queryAt(i: number): string {
  return `how to ${sentence(i * 13 + 3, 6)}`;
}
