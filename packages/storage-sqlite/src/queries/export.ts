import { and, asc, eq, gt, isNull, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { MEMORY_TYPES, type PortableRecord } from '@alma/types';
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

/** Rows per page. Checkpoint pages are smaller: one state may weigh up to a MiB or more. */
export const EXPORT_BATCH = 500;
export const EXPORT_CHECKPOINT_BATCH = 50;

/** Runs `fn` on the open connection (rejects once the store is closed). */
export type UseConnection = <T>(fn: (conn: Connection) => T) => Promise<T>;

/**
 * Keyset pagination: each page is its own short query starting after the last key of the page before, so no
 * statement or read transaction stays open while the consumer works (it may write to the same store meanwhile).
 */
async function* paged<R, K>(
  use: UseConnection,
  what: string,
  limit: number,
  fetch: (conn: Connection, after: K | undefined, limit: number) => R[],
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

/** One page of a table with a text primary key `id`, in id order. */
function byId<Row>(table: SQLiteTable, id: SQLiteColumn) {
  return (conn: Connection, after: string | undefined, limit: number): Row[] =>
    conn.db
      .select()
      .from(table)
      .where(after === undefined ? undefined : gt(id, after))
      .orderBy(asc(id))
      .limit(boundLimit(limit))
      .all() as Row[];
}

/** Rows with their optional embedding (memories and workflow outcomes keep vectors in `embeddings`). */
function withEmbedding(table: SQLiteTable, id: SQLiteColumn, memoryType: string) {
  return (conn: Connection, after: string | undefined, limit: number) =>
    (
      conn.db
        .select({ row: table, embedding: embeddings.embedding } as never)
        .from(table)
        .leftJoin(embeddings, and(eq(embeddings.memoryType, memoryType), eq(embeddings.memoryId, id)))
        .where(after === undefined ? undefined : gt(id, after))
        .orderBy(asc(id))
        .limit(boundLimit(limit))
        .all() as unknown as Array<{ row: Record<string, unknown>; embedding: Buffer | null }>
    ).map((r) => ({ id: r.row['id'] as string, row: r.row, vector: blobVector(r.embedding) }));
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

/**
 * Every record of every tenant in import order (PortableStore.exportRecords): the five memory types, workflow
 * outcomes, artifact links, session handoffs, work items, entities, relationships, checkpoints by (run, seq), then
 * the live runs. Streams page by page; never holds a table in memory.
 */
export async function* exportRecords(use: UseConnection): AsyncGenerator<PortableRecord> {
  for (const type of MEMORY_TYPES) {
    const spec = MEMORY_SPECS[type];
    for await (const r of paged(use, `${spec.kind}s`, EXPORT_BATCH, withEmbedding(spec.table, spec.id, type), (r) => r.id)) {
      yield { kind: 'memory', type, record: spec.fromRow(r.row, r.vector) };
    }
  }
  const outcomes = withEmbedding(workflowOutcomes, workflowOutcomes.id, WORKFLOW_OUTCOME_EMBEDDING);
  for await (const r of paged(use, 'workflow outcomes', EXPORT_BATCH, outcomes, (r) => r.id)) {
    yield { kind: 'workflow_outcome', record: workflowOutcomeFromRow(r.row as never, r.vector) };
  }
  const links = byId<typeof artifactLinks.$inferSelect>(artifactLinks, artifactLinks.id);
  for await (const row of paged(use, 'artifact links', EXPORT_BATCH, links, (r) => r.id)) {
    yield { kind: 'artifact_link', record: artifactLinkFromRow(row) };
  }
  const handoffs = byId<typeof sessionHandoffs.$inferSelect>(sessionHandoffs, sessionHandoffs.id);
  for await (const row of paged(use, 'session handoffs', EXPORT_BATCH, handoffs, (r) => r.id)) {
    yield { kind: 'session_handoff', record: handoffFromRow(row) };
  }
  const items = byId<typeof workItems.$inferSelect>(workItems, workItems.id);
  for await (const row of paged(use, 'work items', EXPORT_BATCH, items, (r) => r.id)) {
    yield { kind: 'work_item', record: workItemFromRow(row) };
  }
  const entities = byId<typeof graphEntities.$inferSelect>(graphEntities, graphEntities.id);
  for await (const row of paged(use, 'entities', EXPORT_BATCH, entities, (r) => r.id)) {
    yield { kind: 'entity', record: entityFromRow(row) };
  }
  const relationships = byId<typeof graphRelationships.$inferSelect>(graphRelationships, graphRelationships.id);
  for await (const row of paged(use, 'relationships', EXPORT_BATCH, relationships, (r) => r.id)) {
    yield { kind: 'relationship', record: relationshipFromRow(row) };
  }
  const checkpointKey = (c: { runId: string; seq: number }) => ({ runId: c.runId, seq: c.seq });
  for await (const record of paged(use, 'checkpoints', EXPORT_CHECKPOINT_BATCH, checkpointPage, checkpointKey)) {
    yield { kind: 'checkpoint', record };
  }
  for await (const record of paged(use, 'runs', EXPORT_BATCH, runPage, (r) => r.runId)) {
    yield { kind: 'run', record };
  }
}
