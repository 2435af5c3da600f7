import {
  decodeRunCursor,
  encodeRunCursor,
  isAfterRunCursor,
  matchesRunMetadata,
  parseInput,
  runPatchSchema,
  runQuerySchema,
  tenantScope,
  validateScopeFilter,
  type RunPage,
  type RunPatch,
  type RunQuery,
  type RunSummary,
  type ScopeFilter,
} from '@alma/types';
import type { Doc } from './collection.js';
import { CODECS, fromDoc } from './documents.js';
import { parseScoped } from './query-schemas.js';
import { changeHead } from './run-commit.js';
import { headInScope, summaryOf } from './run-head.js';
import { loadHead } from './run-rebuild.js';
import { Sql, tenantWhere } from './sql.js';
import type { StoreContext } from './store-context.js';

/** A catalog document -> the run summary it holds. */
function fromCatalog(doc: Doc): RunSummary {
  const { id: _id, ...summary } = fromDoc<RunSummary & { id: string }>(CODECS.run, doc);
  return { ...summary, branches: [...summary.branches], metadata: summary.metadata ?? {} };
}

/**
 * Runs of the scope's tenant, newest first (lastAt, then runId), from the run catalog: a single-partition query on
 * the tenant (`allTenants`: across partitions), keyset-paginated with the shared cursor. The metadata filter is
 * applied in JavaScript (its keys are caller data and never become query text), reading page by page until the
 * requested page is full.
 */
export async function listRuns(ctx: StoreContext, input: RunQuery): Promise<RunPage> {
  const q = parseInput(runQuerySchema, input, 'run query');
  const scope = tenantScope(validateScopeFilter(q.scope));
  const cursor = q.cursor === undefined ? undefined : decodeRunCursor(q.cursor);
  const sql = new Sql();
  const pk = tenantWhere(sql, scope, true);
  sql.where('NOT IS_DEFINED(c.deletedAt)');
  if (q.workflowId !== undefined) sql.eq('workflowId', q.workflowId);
  if (q.agent !== undefined) sql.eq('agent', q.agent);
  if (q.status !== undefined) sql.eq('status', q.status);
  if (cursor) {
    const t = sql.param(cursor.lastAt.getTime());
    sql.where(`(c.lastAt < ${t} OR (c.lastAt = ${t} AND c.almaId > ${sql.param(cursor.runId)}))`);
  }
  const want = q.limit + 1; // one more than the page says whether there is a next page
  const spec = sql.build('*', {
    ...(q.metadata === undefined ? { top: want } : {}),
    orderBy: 'c.lastAt DESC, c.almaId ASC',
  });
  const runs: RunSummary[] = [];
  scan: for await (const page of ctx.c.runs.pages<Doc>(spec, { ...(pk === undefined ? {} : { partitionKey: pk }), pageSize: want })) {
    for (const doc of page) {
      const run = fromCatalog(doc);
      if (!matchesRunMetadata(run.metadata, q.metadata) || (cursor && !isAfterRunCursor(run, cursor))) continue;
      runs.push(run);
      if (runs.length === want) break scan;
    }
  }
  const page = runs.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    runs: page,
    ...(runs.length > q.limit && last ? { nextCursor: encodeRunCursor({ lastAt: last.lastAt, runId: last.runId }) } : {}),
  };
}

/** The run's head (a point read in the run's partition), if the run is in the scope's tenant and not deleted. */
export async function getRun(ctx: StoreContext, runId: string, scope: ScopeFilter): Promise<RunSummary | undefined> {
  const filter = parseScoped(runId, scope, 'run');
  const { head } = await loadHead(ctx.c.checkpoints, runId);
  return head && !head.deletedAt && headInScope(head, filter) ? summaryOf(head) : undefined;
}

/** Sets status / agent / metadata on the run head (ETag-guarded, retried on 412), then on the catalog copy. */
export async function updateRun(ctx: StoreContext, runId: string, input: RunPatch, scope: ScopeFilter): Promise<boolean> {
  const patch = parseInput(runPatchSchema, input, 'run patch');
  const filter = parseScoped(runId, scope, 'run');
  const next = await changeHead(ctx, runId, (head) => {
    if (head.deletedAt || !headInScope(head, filter)) return undefined;
    return {
      ...head,
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.agent !== undefined ? { agent: patch.agent } : {}),
      ...(patch.metadata !== undefined ? { metadata: structuredClone(patch.metadata) } : {}),
      rev: head.rev + 1,
    };
  });
  return next !== undefined;
}
