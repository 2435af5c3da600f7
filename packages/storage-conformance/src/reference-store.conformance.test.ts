import { MemoryStorage } from '@alma/storage-memory';
import { runStorageConformance } from './index.js';

// The in-memory reference store runs the whole suite, contract v2 included, with no opt-outs. This file lives here
// (conformance may import the reference store, not the other way round: the suite uses @alma/checkpoint, whose
// tests use the reference store); the storage-memory package runs it too, by path, for its own coverage.
runStorageConformance({
  name: 'memory',
  createStorage: async () => new MemoryStorage(),
});
