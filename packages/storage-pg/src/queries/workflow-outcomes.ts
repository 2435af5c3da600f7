import { and, eq } from 'drizzle-orm';
import {
  parseInput as parseQuery,
  validateArtifactRef,
  validateWorkflowOutcome,
  workflowOutcomeQuerySchema,
  type ArtifactRef,
  type ScopeFilter,
  type Scored,
  type WorkflowOutcome,
  type WorkflowOutcomeQuery,
} from '@alma/types';
import { workflowOutcomeFilters } from '@alma/storage-sql';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import {
  artifactLinkFromRow,
  artifactLinkToRow,
  workflowOutcomeFromRow,
  workflowOutcomeScope,
  workflowOutcomeToRow,
} from '../mappers/workflow.js';
import { checkScope, scopeConditions, tenantConditions } from '../scope-sql.js';
import { checkWritable } from './checks.js';
import { rowSelection, selectRanked } from './ranked.js';

type Row = Connection['t']['workflowOutcomes']['$inferSelect'];

export async function saveWorkflowOutcome(conn: Connection, input: WorkflowOutcome): Promise<string> {
  const outcome = checkWritable(conn, validateWorkflowOutcome(input), 'workflow outcome');
  const row = workflowOutcomeToRow(outcome);
  return guard(
    'Saving workflow outcome',
    async () => {
      await conn.db.insert(conn.t.workflowOutcomes).values(row);
      return outcome.id;
    },
    { kind: 'workflow outcome', id: outcome.id },
  );
}

export async function getWorkflowOutcome(conn: Connection, id: string, scope: ScopeFilter): Promise<WorkflowOutcome | undefined> {
  checkScope(scope);
  const wo = conn.t.workflowOutcomes;
  return guard('Reading workflow outcome', async () => {
    const [row] = await conn.db
      .select(rowSelection(conn, wo, wo.embedding))
      .from(wo)
      .where(and(eq(wo.id, id), ...scopeConditions(workflowOutcomeScope(conn.t), scope)));
    return row ? workflowOutcomeFromRow(row as Row) : undefined;
  });
}

export async function queryWorkflowOutcomes(conn: Connection, input: WorkflowOutcomeQuery): Promise<Scored<WorkflowOutcome>[]> {
  const q = parseQuery(workflowOutcomeQuerySchema, input, 'workflow outcome query');
  const wo = conn.t.workflowOutcomes;
  const where = [...scopeConditions(workflowOutcomeScope(conn.t), q.scope), ...workflowOutcomeFilters(wo, q)];
  return guard('Querying workflow outcomes', () =>
    selectRanked(conn, {
      table: wo,
      id: wo.id,
      time: wo.createdAt,
      embeddingColumn: wo.embedding,
      where,
      embedding: q.embedding,
      topK: q.topK ?? 10,
      map: (row) => workflowOutcomeFromRow(row as Row),
    }),
  );
}

export async function deleteWorkflowOutcome(conn: Connection, id: string, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const wo = conn.t.workflowOutcomes;
  return guard('Deleting workflow outcome', async () => {
    const deleted = await conn.db
      .delete(wo)
      .where(and(eq(wo.id, id), ...scopeConditions(workflowOutcomeScope(conn.t), scope)))
      .returning({ id: wo.id });
    return deleted.length > 0;
  });
}

// --- artifact links ------------------------------------------------------------------------------------------------

export async function saveArtifactLink(conn: Connection, input: ArtifactRef): Promise<string> {
  const link = checkWritable(conn, validateArtifactRef(input), 'artifact link');
  return guard(
    'Saving artifact link',
    async () => {
      await conn.db.insert(conn.t.artifactLinks).values(artifactLinkToRow(link));
      return link.id;
    },
    { kind: 'artifact link', id: link.id },
  );
}

/** Oldest first (createdAt, then id). */
export async function getArtifactLinks(conn: Connection, memoryId: string, scope: ScopeFilter): Promise<ArtifactRef[]> {
  checkScope(scope);
  const a = conn.t.artifactLinks;
  return guard('Reading artifact links', async () => {
    const rows = await conn.db
      .select()
      .from(a)
      .where(and(eq(a.memoryId, memoryId), ...tenantConditions(a.tenantId, scope)))
      .orderBy(a.createdAt, a.id);
    return rows.map(artifactLinkFromRow);
  });
}

export async function deleteArtifactLink(conn: Connection, id: string, scope: ScopeFilter): Promise<boolean> {
  checkScope(scope);
  const a = conn.t.artifactLinks;
  return guard('Deleting artifact link', async () => {
    const deleted = await conn.db
      .delete(a)
      .where(and(eq(a.id, id), ...tenantConditions(a.tenantId, scope)))
      .returning({ id: a.id });
    return deleted.length > 0;
  });
}

