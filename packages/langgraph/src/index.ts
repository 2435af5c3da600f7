export { AlmaCheckpointSaver } from './saver.js';
export type { AlmaCheckpointSaverOptions } from './options.js';
export type { Encoding } from './codec.js';
export type { CheckpointInfo, WritesInfo } from './records.js';
export { AlmaMemoryStore, type AlmaMemoryStoreOptions } from './store/memory-store.js';
