export { CosmosStorage } from './cosmos-storage.js';
export { createStorage } from './create-storage.js';
export {
  buildClientOptions,
  parseConnectionString,
  resolveOptions,
  type CosmosStorageOptions,
  type ResolvedCosmosOptions,
  type TokenCredential,
  type VectorSearchMode,
} from './options.js';
export { CONTAINER_SPECS, containerDefinition, type ContainerKey } from './containers.js';
export { encodeItemId, MAX_ITEM_ID_BYTES } from './ids.js';
export { COSMOS_MAX_ITEM_BYTES, MAX_DOCUMENT_BYTES } from './documents.js';
export { NO_TENANT_PARTITION } from './sql.js';
