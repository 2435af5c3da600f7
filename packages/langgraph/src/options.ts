import type { SerializerProtocol } from '@langchain/langgraph-checkpoint';
import { idSchema, parseInput, ValidationError, type StorageBackend } from '@alma/types';

/** Options of `AlmaCheckpointSaver`. */
export interface AlmaCheckpointSaverOptions {
  /** Any ALMA store (SQLite, PostgreSQL, Cosmos DB, in-memory). The saver never closes it. */
  readonly storage: StorageBackend;
  /**
   * The tenant every read and write is scoped to: another tenant's threads are invisible and untouchable, even
   * with the same thread and checkpoint ids.
   * @default undefined (tenant-less data)
   */
  readonly tenantId?: string;
  /**
   * LangGraph's serializer for checkpoints, metadata and pending writes.
   * @default new JsonPlusSerializer()
   */
  readonly serde?: SerializerProtocol;
}

const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  value !== null &&
  (typeof value === 'object' || typeof value === 'function') &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');

const CHECKPOINT_METHODS = [
  'saveCheckpoint',
  'getCheckpoint',
  'getLatestCheckpoint',
  'listCheckpoints',
  'deleteCheckpoints',
];
const KNOWN_OPTIONS = new Set(['storage', 'tenantId', 'serde']);

/** Validates the options; throws ValidationError naming each bad option. */
export function resolveOptions(options: AlmaCheckpointSaverOptions): AlmaCheckpointSaverOptions {
  const issues: { path: string; message: string }[] = [];
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('Invalid AlmaCheckpointSaver options: expected { storage, tenantId?, serde? }.', [
      { path: '(root)', message: 'must be an object' },
    ]);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) issues.push({ path: key, message: 'is not an option of AlmaCheckpointSaver' });
  }
  if (!hasMethods(options.storage, CHECKPOINT_METHODS)) {
    issues.push({ path: 'storage', message: 'must be an ALMA StorageBackend (e.g. new SqliteStorage({ path }))' });
  }
  if (options.serde !== undefined && !hasMethods(options.serde, ['dumpsTyped', 'loadsTyped'])) {
    issues.push({ path: 'serde', message: 'must be a LangGraph SerializerProtocol (dumpsTyped / loadsTyped)' });
  }
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new ValidationError(`Invalid AlmaCheckpointSaver options: ${summary}`, issues);
  }
  const tenantId = options.tenantId === undefined ? undefined : parseInput(idSchema, options.tenantId, 'tenantId');
  return { ...options, ...(tenantId === undefined ? {} : { tenantId }) };
}
