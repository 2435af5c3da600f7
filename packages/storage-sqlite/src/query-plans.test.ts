import { describe, expect, it } from '@jest/globals';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { SINGLE_TENANT } from '@alma/types';
import { openConnection, type Connection } from './connection.js';
import { applyPending } from './migrations/runner.js';
import { getArtifactLinks } from './queries/artifact-links.js';
import * as cp from './queries/checkpoints.js';
import { queryEntities, queryRelationships } from './queries/graph.js';
import { queryMemories } from './queries/memories.js';
import { branchesOf, listRuns } from './queries/runs.js';
import { listSessionHandoffs } from './queries/sessions-progress.js';

/** A connection whose drizzle instance records every statement it runs. */
function recordingConnection(): { conn: Connection; take: () => Array<{ sql: string; params: unknown[] }> } {
  const base = openConnection(':memory:', 1000);
  applyPending(base.client);
  let log: Array<{ sql: string; params: unknown[] }> = [];
  const db = drizzle({ client: base.client, logger: { logQuery: (sql, params) => log.push({ sql, params }) } });
  const conn: Connection = { ...base, db, prepared: (_key, build) => build() };
  return {
    conn,
    take: () => {
      const out = log;
      log = [];
      return out;
    },
  };
}

/** The EXPLAIN QUERY PLAN detail lines of the statements `run` executes. */
function plansOf(rec: ReturnType<typeof recordingConnection>, run: (conn: Connection) => unknown): string {
  rec.take();
  run(rec.conn);
  return rec
    .take()
    .filter((s) => /^\s*select/i.test(s.sql))
    .flatMap((s) =>
      (rec.conn.client.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.params as never[])) as Array<{ detail: string }>).map(
        (r) => r.detail,
      ),
    )
    .join('\n');
}

/*
 * Checkpoint plans are asserted exactly (the issue names their indices). For the others SQLite may pick any of the
 * table's indices (an empty database has no statistics), so the test asserts an index search, never a full scan.
 */
describe('every contract query is served by an index', () => {
  const rec = recordingConnection();
  const scope = { tenantId: 't1' };

  it.each([
    ['latest checkpoint of a run', (c: Connection) => cp.getLatestCheckpoint(c, 'run', scope), /USING (COVERING )?INDEX idx_checkpoints_run_seq/],
    ['latest checkpoint of a branch', (c: Connection) => cp.getLatestCheckpoint(c, 'run', { ...scope, runId: 'run', branchId: 'b' }), /USING INDEX idx_checkpoints_branch/],
    ['latest per branch', (c: Connection) => cp.getLatestCheckpointPerBranch(c, 'run', scope), /USING INDEX idx_checkpoints_branch/],
    ['list a branch after a cursor', (c: Connection) => cp.listCheckpoints(c, 'run', scope, { branchId: 'b', afterSeq: 3 }), /USING INDEX idx_checkpoints_branch \(run_id=\? AND branch_id=\? AND seq>\?\)/],
    ['checkpoint by id', (c: Connection) => cp.getCheckpoint(c, 'id', scope), /USING INDEX sqlite_autoindex_checkpoints_1 \(id=\?\)/],
    ['main-line tip of a run', (c: Connection) => cp.getLatestCheckpoint(c, 'run', scope, { branchId: null }), /USING INDEX idx_checkpoints_branch \(run_id=\? AND branch_id=\?\)/],
    ['memories of a project and agent', (c: Connection) => queryMemories(c, 'heuristic', { scope, projectId: 'p', agents: ['a'] }), /USING INDEX idx_heuristics_scope \(tenant_id=\? AND project_id=\? AND agent=\?\)/],
    ['tenant-less memories of a project', (c: Connection) => queryMemories(c, 'outcome', { scope: SINGLE_TENANT, projectId: 'p' }), /SEARCH outcomes USING INDEX idx_outcomes_\w+ \((tenant_id=\? AND )?project_id=\?/],
    ['preferences of a user', (c: Connection) => queryMemories(c, 'user_preference', { scope, userId: 'u' }), /USING INDEX idx_preferences_scope \(tenant_id=\? AND user_id=\?\)/],
    ['artifact links of a memory', (c: Connection) => getArtifactLinks(c, 'm', scope), /USING INDEX idx_artifact_links_memory \(memory_id=\?\)/],
    ['session handoffs of an agent', (c: Connection) => listSessionHandoffs(c, { scope, projectId: 'p', agent: 'a' }), /USING INDEX idx_session_handoffs_(project_agent|tenant)/],
    ['entities by name', (c: Connection) => queryEntities(c, { scope, projectId: 'p', name: 'Alice' }), /SEARCH graph_entities USING INDEX idx_graph_entities_\w+ \(/],
    ['relationships of an entity', (c: Connection) => queryRelationships(c, { scope, projectId: 'p', entityIds: ['e'], direction: 'out' }), /SEARCH graph_relationships USING INDEX idx_graph_relationships_\w+ \(/],
  ])('%s', (_name, run, expected) => {
    const plan = plansOf(rec, run);
    expect(plan).toMatch(expected);
    expect(plan).not.toMatch(/^SCAN (checkpoints|heuristics|outcomes|preferences|artifact_links|graph_\w+)$/m);
  });

  // The run catalog pages newest first: the index must deliver (last_at DESC, run_id) order, never a sort.
  it.each([
    ['runs of a tenant, newest first', (c: Connection) => listRuns(c, { scope }), /SEARCH runs USING INDEX idx_runs_recent \(tenant_id=\?\)/],
    ['runs after a cursor', (c: Connection) => listRuns(c, { scope, cursor: 'WzE3MzU2ODk2MDAwMDAsInIiXQ' }), /SEARCH runs USING INDEX idx_runs_recent \(tenant_id=\? AND last_at<\?\)/],
    ['runs of a workflow', (c: Connection) => listRuns(c, { scope, workflowId: 'wf' }), /SEARCH runs USING INDEX idx_runs_workflow \(tenant_id=\? AND workflow_id=\?\)/],
    ['runs by status', (c: Connection) => listRuns(c, { scope, status: 'failed', metadata: { k: 'v' } }), /SEARCH runs USING INDEX idx_runs_status \(tenant_id=\? AND status=\?\)/],
    ['runs of an agent', (c: Connection) => listRuns(c, { scope, agent: 'a' }), /SEARCH runs USING INDEX idx_runs_agent \(tenant_id=\? AND agent=\?\)/],
    ['branches of runs', (c: Connection) => branchesOf(c, ['r1', 'r2']), /USING COVERING INDEX idx_checkpoints_branch \(run_id=\? AND branch_id>\?\)/],
  ])('%s (no sort)', (_name, run, expected) => {
    const plan = plansOf(rec, run);
    expect(plan).toMatch(expected);
    expect(plan).not.toMatch(/^SCAN (runs|checkpoints)$/m);
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});

describe('limits are bound as expressions (a bare `LIMIT ?` costs about 10 µs per run on this SQLite)', () => {
  const rec = recordingConnection();
  const scope = { tenantId: 't1' };
  it.each([
    ['latest checkpoint', (c: Connection) => cp.getLatestCheckpoint(c, 'run', scope)],
    ['checkpoint list', (c: Connection) => cp.listCheckpoints(c, 'run', scope, { limit: 5 })],
    ['retention keepLast', (c: Connection) => cp.deleteCheckpoints(c, 'run', scope, { keepLast: 2 })],
    ['run catalog page', (c: Connection) => listRuns(c, { scope, limit: 3 })],
    ['session handoffs', (c: Connection) => listSessionHandoffs(c, { scope, projectId: 'p', agent: 'a', limit: 4 })],
    ['entities', (c: Connection) => queryEntities(c, { scope, projectId: 'p', limit: 7 })],
    ['newest memories', (c: Connection) => queryMemories(c, 'heuristic', { scope, projectId: 'p', topK: 3 })],
    ['similar memories', (c: Connection) => queryMemories(c, 'heuristic', { scope, projectId: 'p', topK: 3, embedding: new Float32Array([1, 0]) })],
    ['relationships', (c: Connection) => queryRelationships(c, { scope, projectId: 'p', entityIds: ['e'] })],
  ])('%s', (_name, run) => {
    rec.take();
    run(rec.conn);
    const statements = rec.take().map((s) => s.sql);
    expect(statements.some((s) => /limit CAST\(\? AS INTEGER\)/i.test(s))).toBe(true);
    for (const s of statements) expect(s).not.toMatch(/limit \?/i);
  });
});
