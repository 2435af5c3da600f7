import type { ALMA } from '@alma/core';
import { AlmaError, type CheckpointRecord, type RunSummary } from '@alma/types';
import diff from 'microdiff';
import { StudioError } from '../errors.js';
import { runScope, toNode, type GraphNode } from './graph.js';

/** States are decoded for a diff or a size summary up to this size; beyond it only the download works. */
const DECODE_LIMIT = 64 * 1024 ** 2;
/** Changes listed per diff, and characters shown per value. */
const MAX_CHANGES = 1000;
const PREVIEW_CHARS = 2000;

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

const notACheckpointOf = (run: RunSummary, id: string): AlmaError =>
  new AlmaError('NOT_FOUND', `Checkpoint '${id}' is not a checkpoint of run '${run.runId}': it never existed, was removed by retention, or belongs to another run.`, {
    details: { what: 'checkpoint', id, runId: run.runId },
  });

/** A checkpoint of this run by id; 404 when it is absent, outside the run's tenant, or of another run. */
export async function checkpointOf(alma: ALMA, run: RunSummary, id: string): Promise<CheckpointRecord> {
  const record = await alma.storage.getCheckpoint(id, runScope(run));
  if (!record || record.runId !== run.runId) throw notACheckpointOf(run, id);
  return record;
}

/** The full state of a checkpoint, decoded (delta encodings included) and checked against its hash. */
async function decoded(alma: ALMA, run: RunSummary, record: CheckpointRecord): Promise<unknown> {
  const checkpoint = await alma.checkpoints.getCheckpoint(record.id, runScope(run));
  if (!checkpoint) throw notACheckpointOf(run, record.id);
  return checkpoint.state;
}

/** The largest top-level entries of a state, for the "too large to show" message. */
function largestKeys(state: unknown): Array<{ key: string; bytes: number; type: string }> {
  if (typeof state !== 'object' || state === null) return [];
  return Object.entries(state)
    .map(([key, value]) => ({ key, bytes: Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), type: Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value }))
    .sort((a, b) => b.bytes - a.bytes || a.key.localeCompare(b.key))
    .slice(0, 20);
}

export interface CheckpointState {
  readonly checkpoint: GraphNode;
  readonly state: unknown;
}

/**
 * A checkpoint's state for the page. Over `maxBytes` it is refused with 413 STATE_TOO_LARGE, naming the size, the
 * largest top-level keys and the download URL, so the page says what is there instead of freezing on it.
 */
export async function checkpointState(alma: ALMA, run: RunSummary, id: string, maxBytes: number, downloadUrl: string): Promise<CheckpointState> {
  const record = await checkpointOf(alma, run, id);
  if (record.stateSizeBytes > maxBytes) {
    const keys = record.stateSizeBytes <= DECODE_LIMIT ? largestKeys(await decoded(alma, run, record)) : [];
    throw new StudioError(
      413, 'STATE_TOO_LARGE',
      `The state of checkpoint ${record.id} (seq ${record.seq}) is ${mib(record.stateSizeBytes)}, over the ${mib(maxBytes)} this page shows. ` +
        'Download it as JSON instead, or diff it against another checkpoint.',
      { sizeBytes: record.stateSizeBytes, limitBytes: maxBytes, largestKeys: keys, download: downloadUrl },
    );
  }
  return { checkpoint: toNode(record), state: await decoded(alma, run, record) };
}

/** The state as JSON text, whatever its size (the download). */
export async function stateJson(alma: ALMA, run: RunSummary, id: string): Promise<{ record: CheckpointRecord; text: string }> {
  const record = await checkpointOf(alma, run, id);
  return { record, text: JSON.stringify(await decoded(alma, run, record), null, 2) };
}

export interface StateChange {
  readonly op: 'added' | 'removed' | 'changed';
  /** e.g. `messages[3].content`. */
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}

export interface StateDiff {
  readonly from: GraphNode;
  readonly to: GraphNode;
  readonly changes: StateChange[];
  /** Changes there were; more than `changes` holds when truncated. */
  readonly total: number;
  readonly truncated: boolean;
}

const pathText = (path: ReadonlyArray<string | number>): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${i ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('') || '(root)';

const preview = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}… (${text.length} characters)` : text;
};

/** What changed from one checkpoint's state to another's (any two checkpoints of the run, any order). */
export async function diffCheckpoints(alma: ALMA, run: RunSummary, fromId: string, toId: string): Promise<StateDiff> {
  const [from, to] = await Promise.all([checkpointOf(alma, run, fromId), checkpointOf(alma, run, toId)]);
  for (const c of [from, to]) {
    if (c.stateSizeBytes > DECODE_LIMIT) {
      throw new StudioError(413, 'STATE_TOO_LARGE', `Checkpoint ${c.id} holds ${mib(c.stateSizeBytes)} of state, over the ${mib(DECODE_LIMIT)} a diff decodes.`, {
        sizeBytes: c.stateSizeBytes, limitBytes: DECODE_LIMIT,
      });
    }
  }
  const [a, b] = await Promise.all([decoded(alma, run, from), decoded(alma, run, to)]);
  const all = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null
    ? diff(a as Record<string, unknown>, b as Record<string, unknown>)
    : JSON.stringify(a) === JSON.stringify(b) ? [] : [{ type: 'CHANGE' as const, path: [], value: b, oldValue: a }];
  const changes = all.slice(0, MAX_CHANGES).map((d): StateChange => {
    const path = pathText(d.path);
    if (d.type === 'CREATE') return { op: 'added', path, after: preview(d.value) };
    if (d.type === 'REMOVE') return { op: 'removed', path, before: preview(d.oldValue) };
    return { op: 'changed', path, before: preview(d.oldValue), after: preview(d.value) };
  });
  return { from: toNode(from), to: toNode(to), changes, total: all.length, truncated: all.length > MAX_CHANGES };
}
