import { and, eq } from 'drizzle-orm';
import {
  parseInput as parseQuery,
  validateWorkflowOutcome,
  workflowOutcomeQuerySchema,
  type ScopeFilter,
  type Scored,
  type WorkflowOutcome,
  type WorkflowOutcomeQuery,
} from '@alma/types';
import { workflowOutcomeFilters } from '@alma/storage-sql';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { blobVector } from '../mappers/values.js';
import { WORKFLOW_OUTCOME_SCOPE, workflowOutcomeFromRow, workflowOutcomeToRow } from '../mappers/workflow.js';
import { embeddings, workflowOutcomes } from '../schema/index.js';
import { checkScope, scopeConditions } from '../scope-sql.js';
import { deleteEmbeddings, saveEmbedding, selectRanked } from './ranked.js';

/** Key of workflow outcome vectors in the `embeddings` table. */
export const WORKFLOW_OUTCOME_EMBEDDING = 'workflow_outcome';

type Row = typeof workflowOutcomes.$inferSelect;

export function saveWorkflowOutcome(conn: Connection, input: WorkflowOutcome): string {
  const outcome = validateWorkflowOutcome(input);
  const row = workflowOutcomeToRow(outcome);
  return guard(
    'Saving workflow outcome',
    () =>
      conn.tx(() => {
        conn.db.insert(workflowOutcomes).values(row).run();
        if (outcome.embedding) saveEmbedding(conn.db, WORKFLOW_OUTCOME_EMBEDDING, outcome.id, outcome.embedding);
        return outcome.id;
      }),
    { kind: 'workflow outcome', id: outcome.id },
  );
}

export function getWorkflowOutcome(conn: Connection, id: string, scope: ScopeFilter): WorkflowOutcome | undefined {
  checkScope(scope);
  return guard('Reading workflow outcome', () => {
    const found = conn.db
      .select({ row: workflowOutcomes, embedding: embeddings.embedding })
      .from(workflowOutcomes)
      .leftJoin(
        embeddings,
        and(eq(embeddings.memoryType, WORKFLOW_OUTCOME_EMBEDDING), eq(embeddings.memoryId, workflowOutcomes.id)),
      )
      .where(and(eq(workflowOutcomes.id, id), ...scopeConditions(WORKFLOW_OUTCOME_SCOPE, scope)))
      .get();
    return found ? workflowOutcomeFromRow(found.row, blobVector(found.embedding)) : undefined;
  });
}

export function queryWorkflowOutcomes(conn: Connection, input: WorkflowOutcomeQuery): Scored<WorkflowOutcome>[] {
  const q = parseQuery(workflowOutcomeQuerySchema, input, 'workflow outcome query');
  const where = [...scopeConditions(WORKFLOW_OUTCOME_SCOPE, q.scope), ...workflowOutcomeFilters(workflowOutcomes, q)];
  return guard('Querying workflow outcomes', () =>
    selectRanked(conn, {
      table: workflowOutcomes,
      id: workflowOutcomes.id,
      time: workflowOutcomes.createdAt,
      memoryType: WORKFLOW_OUTCOME_EMBEDDING,
      where,
      embedding: q.embedding,
      topK: q.topK ?? 10,
      map: (row, vector) => workflowOutcomeFromRow(row as Row, vector),
    }),
  );
}

export function deleteWorkflowOutcome(conn: Connection, id: string, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard('Deleting workflow outcome', () =>
    conn.tx(() => {
      const changes = conn.db
        .delete(workflowOutcomes)
        .where(and(eq(workflowOutcomes.id, id), ...scopeConditions(WORKFLOW_OUTCOME_SCOPE, scope)))
        .run().changes;
      if (changes > 0) deleteEmbeddings(conn.db, WORKFLOW_OUTCOME_EMBEDDING, [id]);
      return changes > 0;
    }),
  );
}
