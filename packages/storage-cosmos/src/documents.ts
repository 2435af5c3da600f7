import { isDate, isFloat32Array, ValidationError, type MemoryType } from '@alma/types';
import type { Doc } from './collection.js';
import { encodeItemId } from './ids.js';
import { tenantPartition } from './sql.js';

/** Cosmos DB's item size limit (2 MB, UTF-8 length of the JSON). */
export const COSMOS_MAX_ITEM_BYTES = 2 * 1024 * 1024;
/** Room left for the system properties the service adds (_rid, _self, _etag, _attachments, _ts). */
const SYSTEM_PROPERTY_BYTES = 512;
/** The largest document this adapter sends (declared as `capabilities.maxRecordBytes`). */
export const MAX_DOCUMENT_BYTES = COSMOS_MAX_ITEM_BYTES - SYSTEM_PROPERTY_BYTES;

/** How a record kind is stored: its date fields (epoch milliseconds in the document) and its partition key. */
export interface Codec {
  /** Human name, e.g. 'heuristic', 'checkpoint'. */
  readonly what: string;
  readonly dates: readonly string[];
  /** Where the partition key value lives: a synthetic `pk` (the tenant) or a record field. */
  readonly pkField: 'pk' | 'runId' | 'memoryId';
  /** Derived, query-only fields (dropped on read: list them in `derivedKeys`). */
  readonly derived?: (record: Record<string, unknown>) => Record<string, unknown>;
  readonly derivedKeys?: readonly string[];
}

const MEMORY_DATES: Record<MemoryType, readonly string[]> = {
  heuristic: ['lastValidated', 'createdAt'],
  outcome: ['timestamp'],
  user_preference: ['timestamp'],
  domain_knowledge: ['lastVerified'],
  anti_pattern: ['lastSeen', 'createdAt'],
};

export const memoryCodec = (type: MemoryType): Codec => ({ what: type.replace('_', ' '), dates: MEMORY_DATES[type], pkField: 'pk' });

export const CODECS = {
  checkpoint: {
    what: 'checkpoint',
    dates: ['createdAt'],
    pkField: 'runId',
    // What the stored payload weighs (RunSummary.storedBytes), so the run head can be recomputed without the states.
    derived: (r) => ({ storedBytes: Buffer.byteLength(String(r['state']), 'utf8') }),
    derivedKeys: ['storedBytes'],
  },
  /** The run catalog's copy of a run head (id = runId). */
  run: { what: 'run', dates: ['firstAt', 'lastAt', 'deletedAt'], pkField: 'pk', derivedKeys: ['rev', 'deletedAt'] },
  workflowOutcome: { what: 'workflow outcome', dates: ['createdAt'], pkField: 'pk' },
  artifactLink: { what: 'artifact link', dates: ['createdAt'], pkField: 'memoryId' },
  session: { what: 'session handoff', dates: ['sessionStart', 'sessionEnd', 'createdAt'], pkField: 'pk' },
  workItem: { what: 'work item', dates: ['startedAt', 'completedAt', 'createdAt', 'updatedAt'], pkField: 'pk' },
  entity: {
    what: 'entity',
    dates: ['createdAt'],
    pkField: 'pk',
    // Case-insensitive name match with JavaScript's lowercase rules, as an indexed equality.
    derived: (r) => ({ nameKey: String(r['name']).toLowerCase() }),
    derivedKeys: ['nameKey'],
  },
  relationship: { what: 'relationship', dates: ['validFrom', 'validTo', 'createdAt'], pkField: 'pk' },
} as const satisfies Record<string, Codec>;

/** Fields the service or this adapter adds to a document; never part of a record. */
const NOT_RECORD_FIELDS = new Set(['id', 'almaId', 'pk', '_rid', '_self', '_etag', '_ts', '_attachments', '_lsn']);

/** The partition key value of a record (or document) of this kind. */
export function partitionOf(codec: Codec, record: Record<string, unknown>): string {
  if (codec.pkField === 'pk') return tenantPartition(record['tenantId'] as string | undefined);
  return record[codec.pkField] as string;
}

/** A validated record -> its document: encoded id, original id in `almaId`, dates as epoch ms, vectors as arrays. */
export function toDoc(codec: Codec, record: object): Doc {
  const source = record as Record<string, unknown>;
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (isDate(value)) doc[key] = value.getTime();
    else if (isFloat32Array(value)) doc[key] = Array.from(value);
    else doc[key] = value;
  }
  const id = source['id'] as string;
  Object.assign(doc, codec.derived?.(source) ?? {}, { id: encodeItemId(id), almaId: id });
  if (codec.pkField === 'pk') doc['pk'] = partitionOf(codec, source);
  return doc as Doc;
}

/** A document -> the record it holds (fresh objects: nothing is shared with the driver's response). */
export function fromDoc<T>(codec: Codec, doc: Record<string, unknown>): T {
  const record: Record<string, unknown> = { id: doc['almaId'] };
  for (const [key, value] of Object.entries(doc)) {
    if (NOT_RECORD_FIELDS.has(key) || codec.derivedKeys?.includes(key) || value === undefined || value === null) continue;
    record[key] = value;
  }
  for (const field of codec.dates) {
    const value = record[field];
    if (typeof value === 'number') record[field] = new Date(value);
  }
  if (Array.isArray(record['embedding'])) record['embedding'] = Float32Array.from(record['embedding'] as number[]);
  return record as T;
}

/** Rejects a document over Cosmos DB's item limit before any request is sent. */
export function assertFits(codec: Codec, doc: Doc): void {
  const bytes = Buffer.byteLength(JSON.stringify(doc), 'utf8');
  if (bytes <= MAX_DOCUMENT_BYTES) return;
  const hint =
    codec.what === 'checkpoint'
      ? ' Keep large state outside the checkpoint (store it as an artifact and keep an ArtifactRef in the state).'
      : ' Shorten the text or metadata, or store the payload elsewhere and link it as an artifact.';
  throw new ValidationError(
    `Invalid ${codec.what}: the Cosmos DB item would be ${bytes} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit ` +
      `(Cosmos DB items are at most 2 MB).${hint}`,
    [{ path: '(root)', message: `item of ${bytes} bytes exceeds ${MAX_DOCUMENT_BYTES} bytes` }],
    { details: { sizeBytes: bytes, limitBytes: MAX_DOCUMENT_BYTES } },
  );
}
