import { runStorageConformance } from '@alma/storage-conformance';
import { SqliteStorage } from './index.js';

runStorageConformance({
  name: 'sqlite (:memory:, brute force)',
  createStorage: async () => new SqliteStorage({ path: ':memory:' }),
});
