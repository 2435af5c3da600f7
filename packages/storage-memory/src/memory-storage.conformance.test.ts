import { runStorageConformance } from '@alma/storage-conformance';
import { MemoryStorage } from './index.js';

// The reference store runs the whole suite with no opt-outs.
runStorageConformance({
  name: 'memory',
  createStorage: async () => new MemoryStorage(),
  contractV2: true,
});
