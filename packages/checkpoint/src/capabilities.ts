import type { RunCatalog, StorageBackend } from '@alma/types';

/** A store that may implement the run catalog of storage contract v2 (every store will, soon). */
export type CatalogStorage = StorageBackend & Partial<RunCatalog>;

/**
 * Does the store implement storage contract v2 (run catalog, `encoding` kept, atomic `expectedLatestId`,
 * tombstones, main-line reads)? Adapters implement v2 as a whole, so the run catalog is the marker.
 */
export function isContractV2(storage: CatalogStorage): storage is StorageBackend & RunCatalog {
  return (
    typeof storage.listRuns === 'function' &&
    typeof storage.getRun === 'function' &&
    typeof storage.updateRun === 'function'
  );
}
