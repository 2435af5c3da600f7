import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { seedStore } from '../test-support/seed.js';
import { alma, tempDir, writeConfig } from '../test-support/run.js';

const { dir, cleanup } = tempDir('runs');
afterAll(cleanup);

beforeAll(async () => {
  const store = new MemoryStorage({ persistPath: join(dir, 'store.json') });
  await seedStore(store);
  await store.close();
  writeConfig(dir, '.alma/config.yaml', { adapter: 'memory', options: { persistPath: 'store.json' } });
});

describe('alma runs list', () => {
  it('finding no runs where other tenants have some, names them and --tenant', async () => {
    const r = await alma(dir, ['runs', 'list', '--status', 'failed']);
    expect(r).toEqual({
      code: 0,
      out: 'No runs.\n',
      err: "alma: note: no runs in the single-tenant data (no --tenant), but tenant acme has some: pass --tenant <id>.\n",
    });
    expect((await alma(dir, ['runs', 'list', '--status', 'failed', '--tenant', 'acme'])).out).toContain('run-b');
  });

  it('lists runs newest first with status, sizes and branches', async () => {
    const r = await alma(dir, ['runs', 'list']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STATUS\s+WORKFLOW\s+AGENT\s+CHECKPOINTS\s+BRANCHES\s+STATE\s+STORED\s+LAST$/);
    expect(lines[1]).toMatch(/^run-c\s+running\s+wf-c\s+-\s+150\s+-\s+/);
    expect(lines[2]).toMatch(/^run-a\s+completed\s+wf-a\s+helper\s+5\s+L,R\s+/);
    expect(lines).toHaveLength(3); // run-b belongs to tenant acme
  });

  it('filters, tenant, paging with --cursor, and --json', async () => {
    const acme = JSON.parse((await alma(dir, ['runs', 'list', '--tenant', 'acme', '--json'])).out) as { runs: Array<{ runId: string; status: string; lastAt: string }> };
    expect(acme.runs).toEqual([expect.objectContaining({ runId: 'run-b', status: 'failed', lastAt: '2026-03-01T08:06:00.000Z' })]);
    expect((await alma(dir, ['runs', 'list', '--status', 'completed', '--json'])).out).toContain('"run-a"');
    expect(await alma(dir, ['runs', 'list', '--workflow', 'nope'])).toEqual({ code: 0, out: 'No runs.\n', err: '' });
    expect(JSON.parse((await alma(dir, ['runs', 'list', '--agent', 'helper', '--json'])).out).runs).toHaveLength(1);
    const page1 = await alma(dir, ['runs', 'list', '--limit', '1']);
    const cursor = /--cursor (\S+)/.exec(page1.out)?.[1] as string;
    expect(cursor).toBeDefined();
    const page2 = await alma(dir, ['runs', 'list', '--limit', '1', '--cursor', cursor]);
    expect(page2.out).toMatch(/\nrun-a\s/);
    const bad = await alma(dir, ['runs', 'list', '--cursor', 'garbage']);
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/^alma: Invalid run cursor/) });
  });
});

describe('alma runs show', () => {
  it('prints the run and its checkpoint timeline per branch', async () => {
    const r = await alma(dir, ['runs', 'show', 'run-a']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^run run-a {2}status completed {2}workflow wf-a {2}agent helper {2}tenant -\n/);
    expect(r.out).toMatch(/5 checkpoints \(latest seq 5\), state .* B, stored .* B\n/);
    expect(r.out).toContain('first 2026-03-01T08:01:00.000Z  last 2026-03-01T08:05:00.000Z');
    expect(r.out).toContain('metadata {"ticket":"T-1"');
    const sections = r.out.split('\n\n').slice(1);
    expect(sections.map((s) => s.split('\n')[0])).toEqual(['main line', 'branch L', 'branch R']);
    expect(sections[0]).toMatch(/SEQ\s+NODE\s+SIZE\s+STORED\s+ENCODING\s+TIME\n\s+1\s+plan\s+\d+ B\s+\d+ B\s+full\s+2026-03-01T08:01:00.000Z\n\s+5\s+join/);
    expect(sections[1]).toMatch(/3\s+left2\s+500 B\s+\d+ B\s+delta/);
  });

  it('pages through long runs; --json; a tenant; unknown run', async () => {
    const long = JSON.parse((await alma(dir, ['runs', 'show', 'run-c', '--json'])).out) as {
      run: { checkpointCount: number }; branches: Array<{ branchId: string | null; checkpoints: Array<{ seq: number; storedBytes: number; encoding: string }> }>;
    };
    expect(long.run.checkpointCount).toBe(150);
    expect(long.branches).toHaveLength(1);
    expect(long.branches[0]?.branchId).toBeNull();
    expect(long.branches[0]?.checkpoints.map((c) => c.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(long.branches[0]?.checkpoints[0]).toMatchObject({ encoding: 'full', storedBytes: expect.any(Number) });
    expect((await alma(dir, ['runs', 'show', 'run-b', '--tenant', 'acme'])).out).toContain('status failed');
    const missing = await alma(dir, ['runs', 'show', 'run-b']);
    expect(missing).toMatchObject({ code: 1, out: '', err: "alma: run 'run-b' was not found (or is outside the caller's scope).\n" });
  });
});
