import {
  VectorEmbeddingDataType,
  VectorEmbeddingDistanceFunction,
  VectorIndexType,
  type ContainerDefinition,
  type IndexingPolicy,
} from '@azure/cosmos';
import { MEMORY_TIME_FIELD, type MemoryType } from '@alma/types';

/** Every container this adapter uses, by key. */
export type ContainerKey =
  | MemoryType
  | 'checkpoints'
  | 'runs'
  | 'workflowOutcomes'
  | 'artifactLinks'
  | 'sessionHandoffs'
  | 'workItems'
  | 'entities'
  | 'relationships';

interface ContainerSpec {
  /** Appended to the container prefix. */
  readonly suffix: string;
  readonly partitionKeyPath: '/pk' | '/runId' | '/memoryId';
  /** Composite index of the list order (time field, then id as tie-break). */
  readonly order?: { readonly field: string; readonly direction: 'ascending' | 'descending' };
  /** Holds embeddings (gets a vector policy in native mode). */
  readonly vector?: boolean;
  readonly uniqueKeys?: readonly string[];
  /** Large fields nobody filters on: kept out of the index to save RUs on writes. */
  readonly unindexed?: readonly string[];
}

const memorySpec = (type: MemoryType, suffix: string): ContainerSpec => ({
  suffix,
  partitionKeyPath: '/pk',
  order: { field: MEMORY_TIME_FIELD[type], direction: 'descending' },
  vector: type !== 'user_preference',
  unindexed: ['/metadata/*'],
});

/** The container layout (see README "Containers and partition keys"). */
export const CONTAINER_SPECS: Readonly<Record<ContainerKey, ContainerSpec>> = {
  heuristic: memorySpec('heuristic', 'heuristics'),
  outcome: memorySpec('outcome', 'outcomes'),
  user_preference: memorySpec('user_preference', 'preferences'),
  domain_knowledge: memorySpec('domain_knowledge', 'domain_knowledge'),
  anti_pattern: memorySpec('anti_pattern', 'anti_patterns'),
  checkpoints: { suffix: 'checkpoints', partitionKeyPath: '/runId', uniqueKeys: ['/seq'], unindexed: ['/state/?', '/metadata/*'] },
  // The run catalog (listRuns): one document per run in its tenant's partition, a copy of the run's head document.
  runs: {
    suffix: 'runs',
    partitionKeyPath: '/pk',
    order: { field: 'lastAt', direction: 'descending' },
    unindexed: ['/metadata/*', '/branches/*'],
  },
  workflowOutcomes: {
    suffix: 'workflow_outcomes',
    partitionKeyPath: '/pk',
    order: { field: 'createdAt', direction: 'descending' },
    vector: true,
    unindexed: ['/metadata/*'],
  },
  artifactLinks: { suffix: 'artifact_links', partitionKeyPath: '/memoryId', order: { field: 'createdAt', direction: 'ascending' } },
  sessionHandoffs: {
    suffix: 'session_handoffs',
    partitionKeyPath: '/pk',
    order: { field: 'createdAt', direction: 'descending' },
    unindexed: ['/metadata/*'],
  },
  workItems: { suffix: 'work_items', partitionKeyPath: '/pk', order: { field: 'createdAt', direction: 'ascending' } },
  entities: { suffix: 'entities', partitionKeyPath: '/pk', order: { field: 'createdAt', direction: 'ascending' }, unindexed: ['/properties/*'] },
  relationships: {
    suffix: 'relationships',
    partitionKeyPath: '/pk',
    order: { field: 'createdAt', direction: 'ascending' },
    unindexed: ['/properties/*'],
  },
};

export const CONTAINER_KEYS = Object.keys(CONTAINER_SPECS) as ContainerKey[];
export const VECTOR_CONTAINER_KEYS = CONTAINER_KEYS.filter((k) => CONTAINER_SPECS[k].vector);

/** How vector-holding containers are created. */
export interface VectorPolicyOptions {
  readonly dimensions: number;
  readonly indexType: 'flat' | 'quantizedFlat' | 'diskANN';
}

const INDEX_TYPES = {
  flat: VectorIndexType.Flat,
  quantizedFlat: VectorIndexType.QuantizedFlat,
  diskANN: VectorIndexType.DiskANN,
} as const;

/** The container definition (partition key, indexing policy, unique keys, vector policy) created for `key`. */
export function containerDefinition(key: ContainerKey, id: string, vector?: VectorPolicyOptions): ContainerDefinition {
  const spec = CONTAINER_SPECS[key];
  const excludedPaths = [{ path: '/"_etag"/?' }, ...(spec.unindexed ?? []).map((path) => ({ path }))];
  if (spec.vector) excludedPaths.push({ path: '/embedding/*' });
  const indexingPolicy: IndexingPolicy = {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: [{ path: '/*' }],
    excludedPaths,
  };
  if (spec.order) {
    const tie = spec.order.direction; // ties break by id ascending; the composite index must mirror ORDER BY
    indexingPolicy.compositeIndexes = [
      [
        { path: `/${spec.order.field}`, order: tie },
        { path: '/almaId', order: 'ascending' },
      ],
    ];
  }
  const definition: ContainerDefinition = { id, partitionKey: { paths: [spec.partitionKeyPath] }, indexingPolicy };
  if (spec.uniqueKeys) definition.uniqueKeyPolicy = { uniqueKeys: [{ paths: [...spec.uniqueKeys] }] };
  if (spec.vector && vector) {
    definition.vectorEmbeddingPolicy = {
      vectorEmbeddings: [
        {
          path: '/embedding',
          dataType: VectorEmbeddingDataType.Float32,
          distanceFunction: VectorEmbeddingDistanceFunction.Cosine,
          dimensions: vector.dimensions,
        },
      ],
    };
    indexingPolicy.vectorIndexes = [{ path: '/embedding', type: INDEX_TYPES[vector.indexType] }];
  }
  return definition;
}

/** Does an existing container carry the vector policy native search needs? */
export function hasVectorPolicy(definition: ContainerDefinition | undefined, dimensions: number | undefined): boolean {
  const embedding = definition?.vectorEmbeddingPolicy?.vectorEmbeddings?.find((v) => v.path === '/embedding');
  return embedding !== undefined && (dimensions === undefined || embedding.dimensions === dimensions);
}

/** Does an existing checkpoints container enforce unique seqs per run (the seq-assignment scheme needs it)? */
export function hasSeqUniqueKey(definition: ContainerDefinition | undefined): boolean {
  return (definition?.uniqueKeyPolicy?.uniqueKeys ?? []).some((k) => k.paths.length === 1 && k.paths[0] === '/seq');
}
