import {
  checkpointRecordSchema,
  dateSchema,
  idSchema,
  isFloat32Array,
  memoryTypeSchema,
  metadataSchema,
  parseInput,
  runStatusSchema,
  validateArtifactRef,
  validateEntity,
  validateMemory,
  validateRelationship,
  validateSessionHandoff,
  validateWorkflowOutcome,
  validateWorkItem,
  ValidationError,
  type PortableRecord,
  type RunSummary,
} from '@alma/types';
import { z } from 'zod';
import { EXPORT_FORMAT_VERSION, PORTABLE_KINDS, type PortableKind } from './types.js';

// One record per line: {"kind":...,"type"?:...,"record":{...}}. Dates are ISO strings (Date.toJSON) and
// Float32Array embeddings plain number arrays; the @alma/types schemas revive both on the way back in.

const replacer = (_key: string, value: unknown): unknown => (isFloat32Array(value) ? Array.from(value) : value);

/** The first line of every export. */
export function encodeHeader(exportedAt: Date, source: string): string {
  return JSON.stringify({ alma_export: EXPORT_FORMAT_VERSION, exportedAt: exportedAt.toISOString(), source });
}

export function encodeRecord(item: PortableRecord): string {
  const head = item.kind === 'memory' ? { kind: item.kind, type: item.type } : { kind: item.kind };
  return JSON.stringify({ ...head, record: item.record }, replacer);
}

/** Checks the header line; throws ValidationError when the input is not an ALMA export this version reads. */
export function checkHeader(line: string): void {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    header = undefined;
  }
  const version = (header as { alma_export?: unknown } | undefined)?.alma_export;
  if (typeof version !== 'number') {
    throw new ValidationError('line 1: not an ALMA export (the first line must be the {"alma_export":1,...} header).', [
      { path: 'line 1', message: 'missing export header' },
    ]);
  }
  if (version > EXPORT_FORMAT_VERSION) {
    throw new ValidationError(
      `line 1: export format ${version} is newer than this version of @alma/core reads (${EXPORT_FORMAT_VERSION}); upgrade @alma/core.`,
      [{ path: 'line 1', message: 'unsupported export format' }],
    );
  }
}

const runSchema = z.object({
  runId: idSchema,
  tenantId: idSchema.optional(),
  workflowId: idSchema.optional(),
  agent: idSchema.optional(),
  status: runStatusSchema,
  metadata: metadataSchema.default({}),
  checkpointCount: z.number().int().min(0),
  latestSeq: z.number().int().min(0),
  stateBytes: z.number().int().min(0),
  storedBytes: z.number().int().min(0),
  branches: z.array(idSchema).default([]),
  firstAt: dateSchema,
  lastAt: dateSchema,
});
const validateRun = (input: unknown): RunSummary => parseInput(runSchema, input, 'run');

const lineSchema = z.object({
  kind: z.enum(PORTABLE_KINDS),
  type: memoryTypeSchema.optional(),
  record: z.record(z.string(), z.unknown()),
});

/** Parses and validates one record line (dates and embeddings revived); throws ValidationError. */
export function decodeRecord(line: string): PortableRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (cause) {
    throw new ValidationError(`not valid JSON (${(cause as Error).message})`, [{ path: '(line)', message: 'invalid JSON' }]);
  }
  const { kind, type, record } = parseInput(lineSchema, parsed, 'export line');
  return decoders[kind](record, type);
}

const decoders: Record<PortableKind, (record: unknown, type: z.output<typeof memoryTypeSchema> | undefined) => PortableRecord> = {
  memory: (record, type) => {
    if (type === undefined) {
      throw new ValidationError('Invalid export line: type: a memory line needs its memory type', [
        { path: 'type', message: 'required for kind memory' },
      ]);
    }
    return { kind: 'memory', type, record: validateMemory(type, record) };
  },
  workflow_outcome: (record) => ({ kind: 'workflow_outcome', record: validateWorkflowOutcome(record) }),
  artifact_link: (record) => ({ kind: 'artifact_link', record: validateArtifactRef(record) }),
  session_handoff: (record) => ({ kind: 'session_handoff', record: validateSessionHandoff(record) }),
  work_item: (record) => ({ kind: 'work_item', record: validateWorkItem(record) }),
  entity: (record) => ({ kind: 'entity', record: validateEntity(record) }),
  relationship: (record) => ({ kind: 'relationship', record: validateRelationship(record) }),
  checkpoint: (record) => ({ kind: 'checkpoint', record: parseInput(checkpointRecordSchema, record, 'checkpoint') }),
  run: (record) => ({ kind: 'run', record: validateRun(record) }),
};
