import { CosmosClient, type ContainerDefinition, type Database } from '@azure/cosmos';
import { ConfigError } from '@alma/types';
import { Collection } from './collection.js';
import {
  CONTAINER_KEYS,
  CONTAINER_SPECS,
  containerDefinition,
  hasSeqUniqueKey,
  hasVectorPolicy,
  type ContainerKey,
  type VectorPolicyOptions,
} from './containers.js';
import { isNotFound, toAlmaError } from './errors.js';
import { buildClientOptions, resolveOptions, type CosmosStorageOptions, type ResolvedCosmosOptions } from './options.js';
import { assertReachable } from './reachability.js';
import { probeVectorDistance } from './vector.js';

/** What `CosmosStorage.open()` sets up. */
export interface OpenedStore {
  readonly client: CosmosClient;
  readonly ownsClient: boolean;
  readonly collections: Record<ContainerKey, Collection>;
  readonly vectorMode: 'native' | 'in-process';
  readonly options: ResolvedCosmosOptions;
}

const WHAT: Record<ContainerKey, string> = {
  heuristic: 'heuristic',
  outcome: 'outcome',
  user_preference: 'user preference',
  domain_knowledge: 'domain knowledge',
  anti_pattern: 'anti-pattern',
  checkpoints: 'checkpoint',
  runs: 'run',
  workflowOutcomes: 'workflow outcome',
  artifactLinks: 'artifact link',
  sessionHandoffs: 'session handoff',
  workItems: 'work item',
  entities: 'entity',
  relationships: 'relationship',
};

async function openDatabase(client: CosmosClient, o: ResolvedCosmosOptions): Promise<Database> {
  if (o.createIfNotExists) return (await client.databases.createIfNotExists({ id: o.databaseId })).database;
  const database = client.database(o.databaseId);
  try {
    await database.read();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new ConfigError(
      `@alma/storage-cosmos: database '${o.databaseId}' does not exist; create it or open with createIfNotExists: true.`,
    );
  }
  return database;
}

async function openContainer(
  database: Database,
  o: ResolvedCosmosOptions,
  key: ContainerKey,
  vector: VectorPolicyOptions | undefined,
): Promise<{ collection: Collection; definition: ContainerDefinition | undefined }> {
  const id = `${o.containerPrefix}${CONTAINER_SPECS[key].suffix}`;
  let opened: { collection: Collection; definition: ContainerDefinition | undefined };
  if (o.createIfNotExists) {
    const { container, resource } = await database.containers.createIfNotExists(containerDefinition(key, id, vector));
    opened = { collection: new Collection(container, WHAT[key]), definition: resource };
  } else {
    const container = database.container(id);
    try {
      const { resource } = await container.read();
      if (!resource) throw Object.assign(new Error('container not found'), { code: 404 });
      opened = { collection: new Collection(container, WHAT[key]), definition: resource };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw new ConfigError(
        `@alma/storage-cosmos: container '${id}' does not exist; create it as the README describes or open with ` +
          'createIfNotExists: true.',
      );
    }
  }
  const paths = opened.definition?.partitionKey?.paths ?? [];
  const expected = CONTAINER_SPECS[key].partitionKeyPath;
  if (paths.length !== 1 || paths[0] !== expected) {
    throw new ConfigError(
      `@alma/storage-cosmos: container '${id}' is partitioned on ${JSON.stringify(paths)}; ALMA needs '${expected}'. ` +
        'Use another containerPrefix or recreate the container.',
    );
  }
  return opened;
}

/**
 * Connects, creates the database and the containers (with their indexing policies; the vector policy only where
 * native vector search is used) and decides the vector search mode.
 */
export async function openStore(options: CosmosStorageOptions): Promise<OpenedStore> {
  const o = resolveOptions(options);
  const ownsClient = o.client === undefined;
  if (ownsClient) await assertReachable(o.endpoint as string, o.agent, o.openTimeoutMs);
  const client = o.client ?? new CosmosClient(buildClientOptions(o));
  try {
    const database = await openDatabase(client, o);
    const collections = {} as Record<ContainerKey, Collection>;
    const plain = CONTAINER_KEYS.filter((k) => !CONTAINER_SPECS[k].vector);
    const plainOpened = await Promise.all(plain.map((k) => openContainer(database, o, k, undefined)));
    plain.forEach((k, i) => (collections[k] = (plainOpened[i] as { collection: Collection }).collection));
    if (!hasSeqUniqueKey(plainOpened[plain.indexOf('checkpoints')]?.definition)) {
      throw new ConfigError(
        `@alma/storage-cosmos: container '${o.containerPrefix}checkpoints' lacks the unique key '/seq' that keeps ` +
          'checkpoint seqs unique per run; recreate it (see README).',
      );
    }
    let vectorMode: 'native' | 'in-process' = 'in-process';
    if (o.vectorSearch === 'native') vectorMode = 'native';
    else if (o.vectorSearch === 'auto' && o.embeddingDim !== undefined) {
      vectorMode = (await probeVectorDistance(client, collections.checkpoints)) ? 'native' : 'in-process';
    }
    const policy = vectorMode === 'native' ? { dimensions: o.embeddingDim as number, indexType: o.vectorIndexType } : undefined;
    const vectorKeys = CONTAINER_KEYS.filter((k) => CONTAINER_SPECS[k].vector);
    const vectorOpened = await Promise.all(vectorKeys.map((k) => openContainer(database, o, k, policy)));
    vectorKeys.forEach((k, i) => (collections[k] = (vectorOpened[i] as { collection: Collection }).collection));
    if (vectorMode === 'native' && !vectorOpened.every((c) => hasVectorPolicy(c.definition, o.embeddingDim))) {
      if (o.vectorSearch === 'native') {
        throw new ConfigError(
          `@alma/storage-cosmos: vectorSearch 'native' needs a vector embedding policy on '/embedding' with ` +
            `${o.embeddingDim} dimensions in every memory and workflow-outcome container; an existing container lacks it.`,
        );
      }
      vectorMode = 'in-process'; // containers created before without a vector policy: rank in process
    }
    return { client, ownsClient, collections, vectorMode, options: o };
  } catch (error) {
    if (ownsClient) client.dispose();
    throw toAlmaError(error, 'open');
  }
}
