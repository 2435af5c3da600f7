import type { StorageBackend } from '@alma/types';

/** The stores the manager works with. Contract v2 is the contract; this alias keeps call sites readable. */
export type CatalogStorage = StorageBackend;

/**
 * Does the store really implement storage contract v2 (run catalog, `encoding` kept, atomic `expectedLatestId`,
 * tombstones, main-line reads)? Every typed adapter does; a plain-JavaScript adapter written against contract v1
 * may not, and then the manager degrades to full states and read-then-write stale checks instead of failing.
 */
export function isContractV2(storage: Partial<StorageBackend>): boolean {
  return (
    typeof storage.listRuns === 'function' &&
    typeof storage.getRun === 'function' &&
    typeof storage.updateRun === 'function'
  );
}
