import { and, asc, gt, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { PortableRecord } from '@alma/types';
import { exportRecords as exportInImportOrder, type ExportReaders } from '@alma/storage-sql';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, handoffFromRow, relationshipFromRow, workItemFromRow } from '../mappers/extras.js';
import { artifactLinkFromRow, checkpointFromRow, workflowOutcomeFromRow } from '../mappers/workflow.js';
import { specOf } from './memories.js';
import { rowSelection } from './ranked.js';
import { listedRun, summaries } from './runs.js';

export { EXPORT_BATCH, EXPORT_CHECKPOINT_BATCH } from '@alma/storage-sql';

/** Runs `fn` on the open connection (rejects once the store is closed). */
export type UseConnection = <T>(fn: (conn: Connection) => Promise<T>) => Promise<T>;

/** Where `byId` reads: a table with a text primary key `id` and its row mapper. */
interface Source<R> {
  readonly table: PgTable;
  readonly id: Column;
  readonly embedding?: Column | undefined;
  fromRow(row: never): R;
}

/** One page of a table in id order (COLLATE "C"), as records; embeddings read in binary form. */
function byId<R>(source: (conn: Connection) => Source<R>) {
  return async (conn: Connection, after: string | undefined, limit: number): Promise<R[]> => {
    const { table, id, embedding, fromRow } = source(conn);
    const rows = await conn.db
      .select(rowSelection(conn, table, embedding))
      .from(table)
      .where(after === undefined ? undefined : gt(id, after))
      .orderBy(asc(id))
      .limit(limit);
    return rows.map((row) => fromRow(row as never));
  };
}

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

const READERS: ExportReaders<Connection> = {
  memories: (type) => byId((conn) => specOf(conn, type)),
  workflowOutcomes: byId(({ t }) => ({
    table: t.workflowOutcomes, id: t.workflowOutcomes.id, embedding: t.workflowOutcomes.embedding, fromRow: workflowOutcomeFromRow,
  })),
  artifactLinks: byId(({ t }) => ({ table: t.artifactLinks, id: t.artifactLinks.id, fromRow: artifactLinkFromRow })),
  sessionHandoffs: byId(({ t }) => ({ table: t.sessionHandoffs, id: t.sessionHandoffs.id, fromRow: handoffFromRow })),
  workItems: byId(({ t }) => ({ table: t.workItems, id: t.workItems.id, fromRow: workItemFromRow })),
  entities: byId(({ t }) => ({ table: t.graphEntities, id: t.graphEntities.id, fromRow: entityFromRow })),
  relationships: byId(({ t }) => ({ table: t.graphRelationships, id: t.graphRelationships.id, fromRow: relationshipFromRow })),
  checkpoints: checkpointPage,
  runs: runPage,
};

/**
 * Every record of every tenant in import order (PortableStore.exportRecords), as @alma/storage-sql streams it:
 * keyset pages, each its own short query, so no statement, cursor or transaction stays open while the consumer
 * works (it may write to the same store meanwhile).
 */
export function exportRecords(use: UseConnection): AsyncGenerator<PortableRecord> {
  return exportInImportOrder((what, read) => use((conn) => guard(`Exporting ${what}`, async () => read(conn))), READERS);
}
