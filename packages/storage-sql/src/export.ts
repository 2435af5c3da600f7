import {
  MEMORY_TYPES,
  type ArtifactRef,
  type CheckpointRecord,
  type Entity,
  type MemoryRecord,
  type MemoryType,
  type PortableRecord,
  type Relationship,
  type RunSummary,
  type SessionHandoff,
  type WorkflowOutcome,
  type WorkItem,
} from '@alma/types';
import { MEMORY_KINDS } from './memory-specs.js';

/** Rows per page. Checkpoint pages are smaller: one state may weigh a MiB or more. */
export const EXPORT_BATCH = 500;
export const EXPORT_CHECKPOINT_BATCH = 50;

/** One page: the first `limit` records after key `after` (from the start when undefined), in key order. */
export type PageReader<Conn, R, K = string> = (conn: Conn, after: K | undefined, limit: number) => R[] | Promise<R[]>;

/** Where a checkpoint page starts: checkpoints export in (runId, seq) order. */
export interface CheckpointKey {
  readonly runId: string;
  readonly seq: number;
}

/** How one store reads each kind of record a page at a time, keyed by id unless said otherwise. */
export interface ExportReaders<Conn> {
  memories(type: MemoryType): PageReader<Conn, MemoryRecord>;
  readonly workflowOutcomes: PageReader<Conn, WorkflowOutcome>;
  readonly artifactLinks: PageReader<Conn, ArtifactRef>;
  readonly sessionHandoffs: PageReader<Conn, SessionHandoff>;
  readonly workItems: PageReader<Conn, WorkItem>;
  readonly entities: PageReader<Conn, Entity>;
  readonly relationships: PageReader<Conn, Relationship>;
  readonly checkpoints: PageReader<Conn, CheckpointRecord, CheckpointKey>;
  /** Listed (live) runs by runId. */
  readonly runs: PageReader<Conn, RunSummary>;
}

/**
 * Runs one page read on the store's open connection (rejecting once the store is closed), errors mapped as the
 * store maps them; `what` names the records for messages ("Exporting heuristics"). Resolves to what `read` returns.
 */
export type ReadPage<Conn> = (what: string, read: (conn: Conn) => unknown) => Promise<unknown>;

/**
 * Keyset pagination: each page is its own short query starting after the last key of the page before, so no
 * statement, cursor or transaction stays open while the consumer works (it may write to the same store meanwhile).
 */
export async function* keysetPages<R, K>(
  load: (after: K | undefined, limit: number) => Promise<R[]>,
  limit: number,
  keyOf: (record: R) => K,
): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const page = await load(after, limit);
    yield* page;
    const last = page[page.length - 1];
    if (page.length < limit || last === undefined) return;
    after = keyOf(last);
  }
}

/**
 * Every record of every tenant in import order (PortableStore.exportRecords): the five memory types, workflow
 * outcomes, artifact links, session handoffs, work items, entities, relationships, checkpoints by (run, seq), then
 * the listed runs. Streams page by page; never holds a table in memory.
 */
export async function* exportRecords<Conn>(read: ReadPage<Conn>, readers: ExportReaders<Conn>): AsyncGenerator<PortableRecord> {
  const pages = <R, K = string>(what: string, reader: PageReader<Conn, R, K>, keyOf: (r: R) => K, limit = EXPORT_BATCH) =>
    keysetPages(async (after: K | undefined, n: number) => (await read(what, (conn) => reader(conn, after, n))) as R[], limit, keyOf);
  const byId = (r: { id: string }): string => r.id;
  for (const type of MEMORY_TYPES) {
    for await (const record of pages(`${MEMORY_KINDS[type]}s`, readers.memories(type), byId)) yield { kind: 'memory', type, record };
  }
  for await (const record of pages('workflow outcomes', readers.workflowOutcomes, byId)) yield { kind: 'workflow_outcome', record };
  for await (const record of pages('artifact links', readers.artifactLinks, byId)) yield { kind: 'artifact_link', record };
  for await (const record of pages('session handoffs', readers.sessionHandoffs, byId)) yield { kind: 'session_handoff', record };
  for await (const record of pages('work items', readers.workItems, byId)) yield { kind: 'work_item', record };
  for await (const record of pages('entities', readers.entities, byId)) yield { kind: 'entity', record };
  for await (const record of pages('relationships', readers.relationships, byId)) yield { kind: 'relationship', record };
  const checkpointKey = (c: CheckpointRecord): CheckpointKey => ({ runId: c.runId, seq: c.seq });
  for await (const record of pages('checkpoints', readers.checkpoints, checkpointKey, EXPORT_CHECKPOINT_BATCH)) {
    yield { kind: 'checkpoint', record };
  }
  for await (const record of pages('runs', readers.runs, (r: RunSummary) => r.runId)) yield { kind: 'run', record };
}
