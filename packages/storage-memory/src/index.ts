export { MemoryStorage, memoryStorageOptionsSchema, type MemoryStorageOptions } from './memory-storage.js';
