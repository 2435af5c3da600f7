import type { CosmosStorageOptions } from '../options.js';
import { CosmosStorage } from '../cosmos-storage.js';
import { uniqueName, type TestCosmosServer } from './cosmos-server.js';

/** Opens stores on `server`, each in its own container set, and closes them all at the end. */
export function storeFactory(server: () => TestCosmosServer): {
  open: (extra?: Partial<CosmosStorageOptions>) => Promise<CosmosStorage>;
  closeAll: () => Promise<void>;
  databaseId: string;
} {
  const databaseId = uniqueName('alma_test');
  const opened: CosmosStorage[] = [];
  return {
    databaseId,
    open: async (extra = {}) => {
      const store = await CosmosStorage.open({
        ...server().options(),
        databaseId,
        containerPrefix: `${uniqueName('p')}_`,
        embeddingDim: 4,
        ...extra,
      });
      opened.push(store);
      return store;
    },
    closeAll: async () => {
      for (const store of opened.splice(0)) await store.close();
    },
  };
}
