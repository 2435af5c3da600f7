import { z } from 'zod';
import { countSchema, dateSchema, idSchema, metadataSchema } from './primitives.js';
import { scopeFieldsSchema } from './scope-fields.js';

export const checkpointEncodingSchema = z.enum(['full', 'delta']);
export type CheckpointEncoding = z.infer<typeof checkpointEncodingSchema>;

/**
 * A checkpoint as stored: the state is canonical JSON text (sorted keys), hashed with SHA-256. `seq` is assigned by
 * the store, per run, starting at 1, atomically (unique (runId, seq)).
 */
export const checkpointRecordSchema = scopeFieldsSchema.extend({
  id: idSchema,
  runId: idSchema,
  nodeId: idSchema,
  branchId: idSchema.optional(),
  parentCheckpointId: idSchema.optional(),
  seq: z.number().int().min(1),
  state: z.string(),
  stateHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  stateSizeBytes: countSchema,
  /**
   * How `state` is stored: 'full' (or absent) = the canonical JSON of the whole state; 'delta' = a change set against
   * the previous checkpoint of the same branch, decoded by @alma/checkpoint. Stores keep it opaque and round-trip it.
   */
  encoding: checkpointEncodingSchema.optional(),
  metadata: metadataSchema.default({}),
  createdAt: dateSchema,
});
export type CheckpointRecord = z.output<typeof checkpointRecordSchema>;

/** What a caller hands to `saveCheckpoint`: everything but the store-assigned seq. */
export const newCheckpointSchema = checkpointRecordSchema.omit({ seq: true }).extend({
  createdAt: dateSchema.optional(),
  /**
   * Atomic stale-write check: the id of the latest checkpoint of this checkpoint's branch (same branchId; none =
   * the main line) that the write continues from, or null when the branch must have no checkpoint yet. If the
   * branch has moved on, the store throws StaleCheckpointError and stores nothing — checked in the same
   * transaction as the insert. Not stored.
   */
  expectedLatestId: idSchema.nullable().optional(),
});
export type NewCheckpoint = z.input<typeof newCheckpointSchema>;

/** A checkpoint with its state parsed back, as the CheckpointManager returns it. */
export interface Checkpoint<S = Record<string, unknown>> extends Omit<CheckpointRecord, 'state'> {
  readonly state: S;
}

/** ALMA's default state size limit: 1 MiB of canonical JSON. */
export const DEFAULT_MAX_STATE_SIZE_BYTES = 1_048_576;
