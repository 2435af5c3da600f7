import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  checkpointRecordSchema,
  isFloat32Array,
  MEMORY_TYPES,
  parseInput,
  StorageError,
  validateArtifactRef,
  validateEntity,
  validateMemory,
  validateRelationship,
  validateSessionHandoff,
  validateWorkflowOutcome,
  validateWorkItem,
} from '@alma/types';
import { emptyState, type RunRow, type StoreState } from './state.js';
import type { Table } from './table.js';

const FORMAT_VERSION = 1;

/** Run rows are internal bookkeeping: revive their dates, nothing else to validate. */
function reviveRun(row: unknown): RunRow {
  const r = row as RunRow & Record<string, unknown>;
  const date = (v: unknown): Date => new Date(v as string);
  return {
    ...r,
    firstAt: date(r.firstAt),
    lastAt: date(r.lastAt),
    ...(r.deletedAt ? { deletedAt: date(r.deletedAt) } : {}),
  };
}

type Snapshot = { format: number; tables: Record<string, unknown[]> };

function tablesOf(state: StoreState): Record<string, Table<{ id: string }>> {
  const out: Record<string, Table<{ id: string }>> = {};
  for (const type of MEMORY_TYPES) out[`memory:${type}`] = state.memories[type];
  const { memories: _m, ...rest } = state;
  for (const [name, table] of Object.entries(rest)) out[name] = table;
  return out;
}

/** Float32Array becomes a plain number array in JSON; Dates become ISO strings (Date.toJSON). */
const replacer = (_key: string, value: unknown): unknown =>
  isFloat32Array(value) ? Array.from(value) : value;

/** Writes the whole state atomically: temp file in the same directory, then rename over the target. */
export function saveSnapshot(state: StoreState, path: string): void {
  const tables: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(tablesOf(state))) tables[name] = [...table.rows.values()];
  const snapshot: Snapshot = { format: FORMAT_VERSION, tables };
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(snapshot, replacer));
    renameSync(tmp, path);
  } catch (cause) {
    throw new StorageError('memory', `could not write snapshot to ${path}`, { cause });
  }
}

const validators: Record<string, (row: unknown) => { id: string }> = {
  checkpoints: (row) => parseInput(checkpointRecordSchema, row, 'checkpoint'),
  runs: reviveRun,
  workflowOutcomes: validateWorkflowOutcome,
  artifactLinks: validateArtifactRef,
  sessionHandoffs: validateSessionHandoff,
  workItems: validateWorkItem,
  entities: validateEntity,
  relationships: validateRelationship,
};
for (const type of MEMORY_TYPES) validators[`memory:${type}`] = (row) => validateMemory(type, row);

/** Loads a snapshot (a missing file is an empty store); every record is validated on the way in. */
export function loadSnapshot(path: string): StoreState {
  const state = emptyState();
  if (!existsSync(path)) return state;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  } catch (cause) {
    throw new StorageError('memory', `snapshot ${path} is not valid JSON`, { cause });
  }
  if (snapshot?.format !== FORMAT_VERSION || typeof snapshot.tables !== 'object') {
    throw new StorageError('memory', `snapshot ${path} has an unknown format (expected format ${FORMAT_VERSION})`);
  }
  const tables = tablesOf(state);
  for (const [name, rows] of Object.entries(snapshot.tables)) {
    const table = tables[name];
    const validate = validators[name];
    if (!table || !validate) throw new StorageError('memory', `snapshot ${path} has an unknown table '${name}'`);
    for (const row of rows) table.insert(validate(row));
  }
  return state;
}
