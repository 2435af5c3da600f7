import { and, asc, gt, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { MEMORY_TYPES, type PortableRecord } from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, handoffFromRow, relationshipFromRow, workItemFromRow } from '../mappers/extras.js';
import { artifactLinkFromRow, checkpointFromRow, workflowOutcomeFromRow } from '../mappers/workflow.js';
import { specOf } from './memories.js';
import { rowSelection } from './ranked.js';
import { listedRun, summaries } from './runs.js';

/** Rows per page. Checkpoint pages are smaller: one state may weigh a MiB or more. */
export const EXPORT_BATCH = 500;
export const EXPORT_CHECKPOINT_BATCH = 50;

/** Runs `fn` on the open connection (rejects once the store is closed). */
export type UseConnection = <T>(fn: (conn: Connection) => Promise<T>) => Promise<T>;

/**
 * Keyset pagination: each page is its own short query starting after the last key of the page before, so no
 * statement, cursor or transaction stays open while the consumer works (it may write to the same store meanwhile).
 */
async function* paged<R, K>(
  use: UseConnection,
  what: string,
  limit: number,
  fetch: (conn: Connection, after: K | undefined, limit: number) => Promise<R[]>,
  keyOf: (record: R) => K,
): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const page = await use((conn) => guard(`Exporting ${what}`, () => fetch(conn, after, limit)));
    yield* page;
    const last = page[page.length - 1];
    if (page.length < limit || last === undefined) return;
    after = keyOf(last);
  }
}

/** One page of a table with a text primary key `id` (COLLATE "C"), in id order; embeddings read in binary form. */
function byId(pick: (conn: Connection) => { table: PgTable; id: Column; embedding?: Column | undefined }) {
  return async (conn: Connection, after: string | undefined, limit: number): Promise<Record<string, unknown>[]> => {
    const { table, id, embedding } = pick(conn);
    return conn.db
      .select(rowSelection(conn, table, embedding))
      .from(table)
      .where(after === undefined ? undefined : gt(id, after))
      .orderBy(asc(id))
      .limit(limit);
  };
}
const idOf = (row: Record<string, unknown>): string => row['id'] as string;

async function checkpointPage(conn: Connection, after: { runId: string; seq: number } | undefined, limit: number) {
  const c = conn.t.checkpoints;
  // A row comparison: one seek on UNIQUE(run_id, seq) per page.
  const where: SQL | undefined = after === undefined ? undefined : sql`(${c.runId}, ${c.seq}) > (${after.runId}::text, ${after.seq}::int)`;
  const rows = await conn.db.select().from(c).where(where).orderBy(asc(c.runId), asc(c.seq)).limit(limit);
  return rows.map(checkpointFromRow);
}

async function runPage(conn: Connection, after: string | undefined, limit: number) {
  const r = conn.t.checkpointRuns;
  const rows = await conn.db
    .select()
    .from(r)
    .where(and(...listedRun(conn), after === undefined ? undefined : gt(r.runId, after)))
    .orderBy(asc(r.runId))
    .limit(limit);
  return summaries(conn, conn.db, rows);
}

/**
 * Every record of every tenant in import order (PortableStore.exportRecords): the five memory types, workflow
 * outcomes, artifact links, session handoffs, work items, entities, relationships, checkpoints by (run, seq), then
 * the listed runs. Streams page by page (keyset paging); never holds a table in memory.
 */
export async function* exportRecords(use: UseConnection): AsyncGenerator<PortableRecord> {
  for (const type of MEMORY_TYPES) {
    const fetch = byId((conn) => ({ table: specOf(conn, type).table, id: specOf(conn, type).id, embedding: specOf(conn, type).embedding }));
    const fromRow = await use(async (conn) => specOf(conn, type).fromRow);
    for await (const row of paged(use, `${type} memories`, EXPORT_BATCH, fetch, idOf)) {
      yield { kind: 'memory', type, record: fromRow(row) };
    }
  }
  const outcomes = byId((conn) => ({ table: conn.t.workflowOutcomes, id: conn.t.workflowOutcomes.id, embedding: conn.t.workflowOutcomes.embedding }));
  for await (const row of paged(use, 'workflow outcomes', EXPORT_BATCH, outcomes, idOf)) {
    yield { kind: 'workflow_outcome', record: workflowOutcomeFromRow(row as never) };
  }
  const links = byId((conn) => ({ table: conn.t.artifactLinks, id: conn.t.artifactLinks.id }));
  for await (const row of paged(use, 'artifact links', EXPORT_BATCH, links, idOf)) {
    yield { kind: 'artifact_link', record: artifactLinkFromRow(row as never) };
  }
  const handoffs = byId((conn) => ({ table: conn.t.sessionHandoffs, id: conn.t.sessionHandoffs.id }));
  for await (const row of paged(use, 'session handoffs', EXPORT_BATCH, handoffs, idOf)) {
    yield { kind: 'session_handoff', record: handoffFromRow(row as never) };
  }
  const items = byId((conn) => ({ table: conn.t.workItems, id: conn.t.workItems.id }));
  for await (const row of paged(use, 'work items', EXPORT_BATCH, items, idOf)) {
    yield { kind: 'work_item', record: workItemFromRow(row as never) };
  }
  const entities = byId((conn) => ({ table: conn.t.graphEntities, id: conn.t.graphEntities.id }));
  for await (const row of paged(use, 'entities', EXPORT_BATCH, entities, idOf)) {
    yield { kind: 'entity', record: entityFromRow(row as never) };
  }
  const relationships = byId((conn) => ({ table: conn.t.graphRelationships, id: conn.t.graphRelationships.id }));
  for await (const row of paged(use, 'relationships', EXPORT_BATCH, relationships, idOf)) {
    yield { kind: 'relationship', record: relationshipFromRow(row as never) };
  }
  const checkpointKey = (c: { runId: string; seq: number }) => ({ runId: c.runId, seq: c.seq });
  for await (const record of paged(use, 'checkpoints', EXPORT_CHECKPOINT_BATCH, checkpointPage, checkpointKey)) {
    yield { kind: 'checkpoint', record };
  }
  for await (const record of paged(use, 'runs', EXPORT_BATCH, runPage, (r) => r.runId)) {
    yield { kind: 'run', record };
  }
}
