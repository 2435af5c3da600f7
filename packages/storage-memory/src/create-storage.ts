import { MemoryStorage, type MemoryStorageOptions } from './memory-storage.js';

/** Adapter entry point used when a config names `storage: { adapter: memory }`. */
export function createStorage(options: Record<string, unknown> = {}): MemoryStorage {
  return new MemoryStorage(options as MemoryStorageOptions);
}
