import { and, asc, eq, gt, isNull, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { PortableRecord } from '@alma/types';
import { exportRecords as exportInImportOrder, type ExportReaders } from '@alma/storage-sql';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { entityFromRow, handoffFromRow, relationshipFromRow, workItemFromRow } from '../mappers/extras.js';
import { MEMORY_SPECS } from '../mappers/memory.js';
import { runFromRow } from '../mappers/runs.js';
import { blobVector } from '../mappers/values.js';
import { artifactLinkFromRow, checkpointFromRow, workflowOutcomeFromRow } from '../mappers/workflow.js';
import {
  artifactLinks,
  checkpoints,
  embeddings,
  graphEntities,
  graphRelationships,
  runs,
  sessionHandoffs,
  workflowOutcomes,
  workItems,
} from '../schema/index.js';
import { branchesOf } from './runs.js';
import { WORKFLOW_OUTCOME_EMBEDDING } from './workflow-outcomes.js';
import { boundLimit } from './limit.js';

export { EXPORT_BATCH, EXPORT_CHECKPOINT_BATCH } from '@alma/storage-sql';

/** Runs `fn` on the open connection (rejects once the store is closed). */
export type UseConnection = <T>(fn: (conn: Connection) => T) => Promise<T>;

/** One page of a table with a text primary key `id`, in id order, as records. */
function byId<Row, R>(table: SQLiteTable & { id: SQLiteColumn }, fromRow: (row: Row) => R) {
  return (conn: Connection, after: string | undefined, limit: number): R[] =>
    (
      conn.db
        .select()
        .from(table)
        .where(after === undefined ? undefined : gt(table.id, after))
        .orderBy(asc(table.id))
        .limit(boundLimit(limit))
        .all() as Row[]
    ).map(fromRow);
}

/** Rows with their optional embedding (memories and workflow outcomes keep vectors in `embeddings`), as records. */
function withEmbedding<R>(
  table: SQLiteTable,
  id: SQLiteColumn,
  memoryType: string,
  fromRow: (row: Record<string, unknown>, vector: Float32Array | undefined) => R,
) {
  return (conn: Connection, after: string | undefined, limit: number): R[] =>
    (
      conn.db
        .select({ row: table, embedding: embeddings.embedding } as never)
        .from(table)
        .leftJoin(embeddings, and(eq(embeddings.memoryType, memoryType), eq(embeddings.memoryId, id)))
        .where(after === undefined ? undefined : gt(id, after))
        .orderBy(asc(id))
        .limit(boundLimit(limit))
        .all() as unknown as Array<{ row: Record<string, unknown>; embedding: Buffer | null }>
    ).map((r) => fromRow(r.row, blobVector(r.embedding)));
}

function checkpointPage(conn: Connection, after: { runId: string; seq: number } | undefined, limit: number) {
  const where: SQL | undefined =
    after === undefined
      ? undefined
      : or(gt(checkpoints.runId, after.runId), and(eq(checkpoints.runId, after.runId), gt(checkpoints.seq, after.seq)));
  return conn.db
    .select()
    .from(checkpoints)
    .where(where)
    .orderBy(asc(checkpoints.runId), asc(checkpoints.seq))
    .limit(boundLimit(limit))
    .all()
    .map(checkpointFromRow);
}

function runPage(conn: Connection, after: string | undefined, limit: number) {
  const rows = conn.db
    .select()
    .from(runs)
    .where(and(isNull(runs.deletedAt), after === undefined ? undefined : gt(runs.runId, after)))
    .orderBy(asc(runs.runId))
    .limit(boundLimit(limit))
    .all();
  const branches = branchesOf(conn, rows.map((r) => r.runId));
  return rows.map((row) => runFromRow(row, branches.get(row.runId) ?? []));
}

const READERS: ExportReaders<Connection> = {
  memories: (type) => withEmbedding(MEMORY_SPECS[type].table, MEMORY_SPECS[type].id, type, MEMORY_SPECS[type].fromRow),
  workflowOutcomes: withEmbedding(workflowOutcomes, workflowOutcomes.id, WORKFLOW_OUTCOME_EMBEDDING, (row, vector) =>
    workflowOutcomeFromRow(row as typeof workflowOutcomes.$inferSelect, vector),
  ),
  artifactLinks: byId(artifactLinks, artifactLinkFromRow),
  sessionHandoffs: byId(sessionHandoffs, handoffFromRow),
  workItems: byId(workItems, workItemFromRow),
  entities: byId(graphEntities, entityFromRow),
  relationships: byId(graphRelationships, relationshipFromRow),
  checkpoints: checkpointPage,
  runs: runPage,
};

/**
 * Every record of every tenant in import order (PortableStore.exportRecords), as @alma/storage-sql streams it:
 * keyset pages, each its own short query, so no statement or read transaction stays open while the consumer works
 * (it may write to the same store meanwhile).
 */
export function exportRecords(use: UseConnection): AsyncGenerator<PortableRecord> {
  return exportInImportOrder((what, read) => use((conn) => guard(`Exporting ${what}`, () => read(conn))), READERS);
}
