export { MemoryStorage, memoryStorageOptionsSchema, type MemoryStorageOptions } from './memory-storage.js';
export { createStorage } from './create-storage.js';
