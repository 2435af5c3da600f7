import { MEMORY_TYPES, type CheckpointRecord, type PortableRecord } from '@alma/types';
import type { Collection, Doc } from './collection.js';
import { CODECS, fromDoc, memoryCodec, type Codec } from './documents.js';
import { checkpointSql, HEAD_KIND, headFromDoc, summaryOf } from './run-head.js';
import { Sql } from './sql.js';
import type { StoreContext } from './store-context.js';

/** Documents per request while exporting. */
export const EXPORT_PAGE_SIZE = 100;

type Kind = Exclude<PortableRecord['kind'], 'memory' | 'checkpoint' | 'run'>;

/** Every document of a container, across all partitions, page by page. */
async function* every(coll: Collection, codec: Codec): AsyncGenerator<unknown> {
  for await (const page of coll.pages<Doc>({ query: 'SELECT * FROM c' }, { pageSize: EXPORT_PAGE_SIZE })) {
    for (const doc of page) yield fromDoc(codec, doc);
  }
}

/**
 * Checkpoints by run, then seq: a cross-partition stream of run ids (ORDER BY c.runId, one small value per
 * checkpoint), and for each new run a single-partition stream of its checkpoints by seq. At most one page of each
 * is in memory; no composite index is needed.
 */
async function* checkpointsByRun(coll: Collection): AsyncGenerator<CheckpointRecord> {
  const ids = checkpointSql().build('VALUE c.runId', { orderBy: 'c.runId ASC' });
  let previous: string | undefined;
  for await (const page of coll.pages<string>(ids, { pageSize: 1000 })) {
    for (const runId of page) {
      if (runId === previous) continue;
      previous = runId;
      const spec = checkpointSql().eq('runId', runId).build('*', { orderBy: 'c.seq ASC' });
      for await (const docs of coll.pages<Doc>(spec, { partitionKey: runId, pageSize: EXPORT_PAGE_SIZE })) {
        for (const doc of docs) yield fromDoc<CheckpointRecord>(CODECS.checkpoint, doc);
      }
    }
  }
}

/**
 * Every record of every tenant, in the order an import replays (see PortableStore.exportRecords): memories by type,
 * workflow outcomes, artifact links, session handoffs, work items, entities, relationships, checkpoints (by run and
 * seq), then the runs (their heads, the run catalog's source of truth; deleted runs are left out).
 */
export async function* exportRecords(ctx: StoreContext): AsyncGenerator<PortableRecord> {
  for (const type of MEMORY_TYPES) {
    for await (const record of every(ctx.c[type], memoryCodec(type))) yield { kind: 'memory', type, record } as PortableRecord;
  }
  const others: [Kind, Collection, Codec][] = [
    ['workflow_outcome', ctx.c.workflowOutcomes, CODECS.workflowOutcome],
    ['artifact_link', ctx.c.artifactLinks, CODECS.artifactLink],
    ['session_handoff', ctx.c.sessionHandoffs, CODECS.session],
    ['work_item', ctx.c.workItems, CODECS.workItem],
    ['entity', ctx.c.entities, CODECS.entity],
    ['relationship', ctx.c.relationships, CODECS.relationship],
  ];
  for (const [kind, coll, codec] of others) {
    for await (const record of every(coll, codec)) yield { kind, record } as PortableRecord;
  }
  for await (const record of checkpointsByRun(ctx.c.checkpoints)) yield { kind: 'checkpoint', record };
  const heads = new Sql().eq('kind', HEAD_KIND).where('NOT IS_DEFINED(c.deletedAt)').build('*', { orderBy: 'c.runId ASC' });
  for await (const page of ctx.c.checkpoints.pages<Doc>(heads, { pageSize: EXPORT_PAGE_SIZE })) {
    for (const doc of page) yield { kind: 'run', record: summaryOf(headFromDoc(doc)) };
  }
}
