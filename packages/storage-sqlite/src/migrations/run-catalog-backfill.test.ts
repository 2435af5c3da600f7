import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SINGLE_TENANT } from '@alma/types';
import { SqliteStorage } from '../index.js';
import { MIGRATIONS } from './index.js';
import { applyPending, readStatus } from './runner.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-backfill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const minute = (m: number): string => new Date(Date.UTC(2025, 0, 1, 0, m)).toISOString();

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

/** Checkpoints as a version-5 database holds them (migration 002 columns, no encoding, no runs table). */
const LEGACY: Legacy[] = [
  { id: 'a1', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: null, seq: 1, state: '{"a":1}', at: 1 },
  { id: 'a2', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'zeta', seq: 2, state: '{"b":"ü😀"}', at: 5 },
  { id: 'a3', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'alpha', seq: 3, state: '{"c":"x\u0000y"}', at: 3 },
  { id: 'a4', tenant: 'acme', workflow: 'wf-a', run: 'run-a', branch: 'zeta', seq: 4, state: '{"d":[1,2,3]}', at: 4 },
  // Retention already removed seqs 2 and 3 of this run: the next seq must still be 5.
  { id: 'b1', tenant: null, workflow: null, run: 'run-b', branch: null, seq: 1, state: '{}', at: 2 },
  { id: 'b4', tenant: null, workflow: null, run: 'run-b', branch: null, seq: 4, state: '{"e":true}', at: 7 },
  { id: 'c1', tenant: 'acme', workflow: 'wf-c', run: 'run-c', branch: null, seq: 1, state: '{"f":"g"}', at: 6 },
];

function createVersion5Database(file: string): void {
  const db = new Database(file);
  applyPending(db, MIGRATIONS.filter((m) => m.version <= 5));
  const insert = db.prepare(
    `INSERT INTO checkpoints (id, tenant_id, workflow_id, run_id, node_id, branch_id, parent_checkpoint_id, seq, state,
       state_hash, state_size_bytes, metadata, created_at) VALUES (?, ?, ?, ?, 'node', ?, NULL, ?, ?, ?, ?, '{}', ?)`,
  );
  for (const c of LEGACY) {
    const size = Buffer.byteLength(c.state, 'utf8') + 10; // canonical size differs from the stored payload here
    const hash = createHash('sha256').update(c.state).digest('hex');
    insert.run(c.id, c.tenant, c.workflow, c.run, c.branch, c.seq, c.state, hash, size, minute(c.at));
  }
  expect(readStatus(db).currentVersion).toBe(5);
  db.close();
}

const sum = (rows: Legacy[], f: (c: Legacy) => number): number => rows.reduce((n, c) => n + f(c), 0);

describe('migration 006 on a database with checkpoints', () => {
  it('backfills one catalog row per run with correct counters, bytes, branches and times', async () => {
    const file = path.join(dir, 'v5.db');
    createVersion5Database(file);
    const store = new SqliteStorage({ path: file });
    try {
      expect((await store.migrationStatus()).currentVersion).toBe(6);
      for (const [runId, scope] of [['run-a', { tenantId: 'acme' }], ['run-b', SINGLE_TENANT], ['run-c', { tenantId: 'acme' }]] as const) {
        const rows = LEGACY.filter((c) => c.run === runId);
        const first = rows[0] as Legacy;
        const run = await store.getRun(runId, scope);
        expect(run).toEqual({
          runId,
          ...(first.tenant ? { tenantId: first.tenant } : {}),
          ...(first.workflow ? { workflowId: first.workflow } : {}),
          status: 'running',
          metadata: {},
          checkpointCount: rows.length,
          latestSeq: Math.max(...rows.map((c) => c.seq)),
          stateBytes: sum(rows, (c) => Buffer.byteLength(c.state, 'utf8') + 10),
          storedBytes: sum(rows, (c) => Buffer.byteLength(c.state, 'utf8')),
          branches: [...new Set(rows.flatMap((c) => (c.branch ? [c.branch] : [])))].sort(),
          firstAt: new Date(minute(Math.min(...rows.map((c) => c.at)))),
          lastAt: new Date(minute(Math.max(...rows.map((c) => c.at)))),
        });
      }
      expect((await store.listRuns({ scope: { tenantId: 'acme' } })).runs.map((r) => r.runId)).toEqual(['run-c', 'run-a']);
      expect((await store.listRuns({ scope: { allTenants: true } })).runs.map((r) => r.runId)).toEqual(['run-b', 'run-c', 'run-a']);

      // Old checkpoints read back without an encoding; the catalog keeps counting from the backfilled row.
      const old = await store.getCheckpoint('a2', { tenantId: 'acme' });
      expect(old && 'encoding' in old).toBe(false);
      const next = await store.saveCheckpoint({
        id: 'b5', runId: 'run-b', nodeId: 'node', state: '{}', stateSizeBytes: 2,
        stateHash: createHash('sha256').update('{}').digest('hex'), createdAt: new Date(minute(9)),
      });
      expect(next.seq).toBe(5);
      expect(await store.getRun('run-b', SINGLE_TENANT)).toMatchObject({ checkpointCount: 3, latestSeq: 5, lastAt: new Date(minute(9)) });
    } finally {
      await store.close();
    }
  });

  it('creates an empty catalog on a database without checkpoints and is a no-op when run again', () => {
    const db = new Database(':memory:');
    applyPending(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 });
    const columns = db.prepare('PRAGMA table_info(checkpoints)').all() as Array<{ name: string }>;
    expect(columns.filter((c) => c.name === 'encoding')).toHaveLength(1);
    const m006 = MIGRATIONS.find((m) => m.version === 6);
    expect(() => db.transaction(() => m006?.up(db))()).not.toThrow(); // IF NOT EXISTS / INSERT OR IGNORE
    db.close();
  });
});
