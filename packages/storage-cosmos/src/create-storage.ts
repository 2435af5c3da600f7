import { CosmosStorage } from './cosmos-storage.js';
import type { CosmosStorageOptions } from './options.js';

/**
 * Adapter entry point used when a config names `storage: { adapter: cosmos, options: {...} }`: the ALMA core loads
 * `@alma/storage-cosmos` by name and awaits this. Same options as `CosmosStorage.open()`.
 */
export function createStorage(options: Record<string, unknown> = {}): Promise<CosmosStorage> {
  return CosmosStorage.open(options as CosmosStorageOptions);
}
