import { MemoryStorage } from '@alma/storage-memory';
import { STORE_LABELS, type OpenedStore } from '../stores.js';

/** The in-memory reference store (no LangGraph counterpart is run; MemorySaver would be the one). */
export async function openMemory(): Promise<OpenedStore> {
  const storage = new MemoryStorage();
  return {
    name: 'memory',
    label: STORE_LABELS.memory,
    storage,
    close: () => storage.close(),
  };
}
