import {
  StorageError,
  type PortableRecord,
  type PortableStore,
  type RunCatalog,
  type StorageBackend,
} from '@alma/types';

/**
 * A store export/import works with. Until every adapter implements storage contract v2, the run catalog and the
 * portable methods are optional here; a store that lacks one gets a StorageError naming the method.
 */
export type PortableStorage = StorageBackend & Partial<RunCatalog & PortableStore>;

/** The kinds of record an export holds, in the order an import replays them. */
export const PORTABLE_KINDS = [
  'memory',
  'workflow_outcome',
  'artifact_link',
  'session_handoff',
  'work_item',
  'entity',
  'relationship',
  'checkpoint',
  'run',
] as const satisfies readonly PortableRecord['kind'][];
export type PortableKind = (typeof PORTABLE_KINDS)[number];

export type KindCounts = Record<PortableKind, number>;

export const emptyCounts = (): KindCounts =>
  Object.fromEntries(PORTABLE_KINDS.map((kind) => [kind, 0])) as KindCounts;

/** Version written in (and required of) the header line of an export. */
export const EXPORT_FORMAT_VERSION = 1;

type V2Method = keyof (RunCatalog & PortableStore);

/** The method of contract v2, bound to the store, or a StorageError saying the adapter does not support it yet. */
export function requireMethod<M extends V2Method>(
  store: PortableStorage,
  method: M,
  purpose: string,
): NonNullable<PortableStorage[M]> {
  const fn = store[method];
  if (typeof fn !== 'function') {
    const name = store.capabilities?.name ?? 'unknown';
    throw new StorageError(
      name,
      `the '${name}' store does not implement ${method}() (storage contract v2), needed to ${purpose}; upgrade its adapter package.`,
    );
  }
  return (fn as (...args: unknown[]) => unknown).bind(store) as NonNullable<PortableStorage[M]>;
}
