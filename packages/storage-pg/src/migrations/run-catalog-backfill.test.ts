import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { createHash } from 'node:crypto';
import { SINGLE_TENANT } from '@alma/types';
import { PostgresStorage } from '../postgres-storage.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from '../test-support/pg.js';
import { MIGRATIONS } from './index.js';
import { applyPending, readStatus } from './runner.js';

const sql = adminClient(2);
const schema = uniqueSchema('backfill');
beforeAll(() => assertServerReady(sql));
afterAll(() =>
  releaseAll(
    () => dropSchemas(sql, [schema]),
    () => sql.end(),
  ), 60_000);

const minute = (m: number): Date => new Date(Date.UTC(2025, 0, 1, 0, m));

interface Legacy {
  id: string;
  tenant: string | null;
  workflow: string | null;
  run: string;
  branch: string | null;
  seq: number;
  state: string;
  at: number;
}

/** Checkpoints as a version-4 schema holds them (a bare seq counter per run, no catalog columns). */
const LEGACY: Legacy[] = [
  { id: 'a1', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: null, seq: 1, state: '{"a":1}', at: 1 },
  { id: 'a2', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'zeta', seq: 2, state: '{"b":"ü😀"}', at: 5 },
  { id: 'a3', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'alpha', seq: 3, state: '{"c":"x\\u0000y"}', at: 3 },
  { id: 'a4', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'zeta', seq: 4, state: '{"d":[1,2,3]}', at: 4 },
  // Retention already removed seqs 2..6 of this run, and its counter says 6: the next seq must be 7.
  { id: 'b1', tenant: null, workflow: null, run: 'run-b', branch: null, seq: 1, state: '{}', at: 2 },
  { id: 'b4', tenant: null, workflow: null, run: 'run-b', branch: null, seq: 4, state: '{"e":true}', at: 7 },
  // No counter row at all (rows copied in by hand).
  { id: 'c1', tenant: 'acme', workflow: 'wf-c', run: 'run-c', branch: null, seq: 1, state: '{"f":"g"}', at: 6 },
];
const sizeOf = (c: Legacy): number => Buffer.byteLength(c.state, 'utf8') + 10; // canonical size != stored payload
const sum = (rows: Legacy[], f: (c: Legacy) => number): number => rows.reduce((n, c) => n + f(c), 0);

async function createVersion4Schema(): Promise<void> {
  await applyPending(sql, { schema, embeddingDim: 4 }, MIGRATIONS.filter((m) => m.version <= 4));
  const t = (name: string) => sql`${sql(schema)}.${sql(name)}`;
  for (const c of LEGACY) {
    const hash = createHash('sha256').update(c.state).digest('hex');
    await sql`INSERT INTO ${t('alma_checkpoints')} (id, tenant_id, workflow_id, run_id, node_id, branch_id, seq, state,
      state_hash, state_size_bytes, metadata, created_at) VALUES (${c.id}, ${c.tenant}, ${c.workflow}, ${c.run}, 'node',
      ${c.branch}, ${c.seq}, ${c.state}, ${hash}, ${sizeOf(c)}, '{}', ${minute(c.at)})`;
  }
  await sql`INSERT INTO ${t('alma_checkpoint_runs')} (run_id, last_seq) VALUES ('run-a', 4), ('run-b', 6), ('run-gone', 9)`;
  expect((await readStatus(sql, schema)).currentVersion).toBe(4);
}

describe('migration 005 on a schema with checkpoints', () => {
  it('backfills one catalog row per run: counters, bytes, branches, times, seqs; bare counters stay unlisted', async () => {
    await createVersion4Schema();
    const store = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: 4, poolSize: 2 });
    try {
      expect(await store.migrationStatus()).toMatchObject({ currentVersion: 6, pending: [] });
      const runA = LEGACY.filter((c) => c.run === 'run-a');
      expect(await store.getRun('run-a', { tenantId: 'acme' })).toEqual({
        runId: 'run-a', tenantId: 'acme', workflowId: 'wf-a', status: 'running', metadata: {},
        checkpointCount: 4, latestSeq: 4, branches: ['alpha', 'zeta'],
        stateBytes: sum(runA, sizeOf), storedBytes: sum(runA, (c) => Buffer.byteLength(c.state, 'utf8')),
        firstAt: minute(1), lastAt: minute(5),
      });
      expect(await store.getRun('run-b', SINGLE_TENANT)).toMatchObject({ checkpointCount: 2, latestSeq: 6, branches: [] });
      expect(await store.getRun('run-c', { tenantId: 'acme' })).toMatchObject({ workflowId: 'wf-c', latestSeq: 1 });
      expect(await store.getRun('run-gone', SINGLE_TENANT)).toBeUndefined();
      const listed = await store.listRuns({ scope: { allTenants: true } });
      expect(listed.runs.map((r) => r.runId)).toEqual(['run-b', 'run-c', 'run-a']);

      expect((await store.saveCheckpoint(checkpoint('run-b', 8))).seq).toBe(7);
      expect((await store.saveCheckpoint(checkpoint('run-gone', 9, 'acme'))).seq).toBe(10);
      // A bare counter's first checkpoint gives the run its scope and times.
      expect(await store.getRun('run-gone', { tenantId: 'acme' })).toMatchObject({
        tenantId: 'acme', checkpointCount: 1, latestSeq: 10, firstAt: minute(9), lastAt: minute(9),
      });
      expect(await store.getRun('run-b', SINGLE_TENANT)).toMatchObject({ checkpointCount: 3, lastAt: minute(8) });
    } finally {
      await store.close();
    }
  });
});

function checkpoint(runId: string, at: number, tenantId?: string) {
  const state = JSON.stringify({ at });
  return {
    id: `cp_${runId}_${at}`, runId, nodeId: 'node', state, stateSizeBytes: state.length, metadata: {},
    stateHash: createHash('sha256').update(state).digest('hex'), createdAt: minute(at), ...(tenantId ? { tenantId } : {}),
  };
}
