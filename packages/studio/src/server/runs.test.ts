import { describe, expect, it } from '@jest/globals';
import { BIG_RUN, BIG_STATE_BYTES, DELETED_RUN, GLOBEX_RUN, RELEASE_RUN, SECRET } from '../test-support/seed.js';
import { apiSuite } from '../test-support/suites.js';

const suite = apiSuite('runs', { tenantId: 'acme' });

interface Graph {
  run: { runId: string; status: string; branches: string[] };
  graph: {
    nodes: Array<{ id: string; seq: number; nodeId: string; branchId?: string; mergedFrom: string[] }>;
    edges: Array<{ from: string; to: string; kind: string }>;
    resumeId?: string;
    tipIds: string[];
    nextAfterSeq?: number;
  };
}
type ErrorBody = { error: { status: number; code: string; message: string; details?: Record<string, unknown> } };

describe('run catalog', () => {
  it("lists the tenant's runs, without the deleted one and without another tenant's", async () => {
    const r = await suite.api.json<{ runs: Array<{ runId: string }> }>('/api/runs');
    expect(r.body.runs.map((x) => x.runId).sort()).toEqual([BIG_RUN, RELEASE_RUN].sort());
    expect(r.text).not.toContain(SECRET);
    expect(r.text).not.toContain(GLOBEX_RUN);
    const filtered = await suite.api.json<{ runs: Array<{ runId: string }> }>('/api/runs?status=completed&workflow=release');
    expect(filtered.body.runs.map((x) => x.runId)).toEqual([RELEASE_RUN]);
    const paged = await suite.api.json<{ runs: unknown[]; nextCursor?: string }>('/api/runs?limit=1');
    expect(paged.body.runs).toHaveLength(1);
    const next = await suite.api.json<{ runs: unknown[]; nextCursor?: string }>(`/api/runs?limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.runs).toHaveLength(1);
    expect(next.body.nextCursor).toBeUndefined();
    expect((await suite.api.json<ErrorBody>('/api/runs?cursor=garbage')).status).toBe(400);
    expect((await suite.api.json<ErrorBody>('/api/runs?status=done')).status).toBe(400);
  });
});

describe('checkpoint graph', () => {
  it('has the two branches forking from the plan, joined by the merge, and the resume point at the last checkpoint', async () => {
    const { status, body } = await suite.api.json<Graph>(`/api/runs/${RELEASE_RUN}/graph`);
    expect(status).toBe(200);
    const c = suite.store.seeded.checkpoints;
    const byNode = Object.fromEntries(body.graph.nodes.map((n) => [n.nodeId, n]));
    expect(body.graph.nodes.map((n) => n.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(byNode['join']?.mergedFrom.sort()).toEqual([c['fix-flaky'], c['write-docs']].sort());
    const edge = (from: string, to: string) => body.graph.edges.find((e) => e.from === c[from] && e.to === c[to])?.kind;
    expect(edge('plan', 'run-tests')).toBe('fork');
    expect(edge('plan', 'write-docs')).toBe('fork');
    expect(edge('run-tests', 'fix-flaky')).toBe('next');
    expect(edge('fix-flaky', 'join')).toBe('merge');
    expect(edge('write-docs', 'join')).toBe('merge');
    expect(edge('plan', 'join')).toBe('next');
    expect(edge('join', 'publish')).toBe('next');
    expect(body.graph.resumeId).toBe(c['publish']);
    expect(body.graph.tipIds.sort()).toEqual([c['publish'], c['fix-flaky'], c['write-docs']].sort());
    expect(body.run).toMatchObject({ runId: RELEASE_RUN, status: 'completed', branches: ['docs', 'tests'] });
  });

  it('pages long runs by seq window', async () => {
    const first = await suite.api.json<Graph>(`/api/runs/${RELEASE_RUN}/graph?limit=4`);
    expect(first.body.graph.nodes.map((n) => n.seq)).toEqual([1, 2, 3, 4]);
    expect(first.body.graph.nextAfterSeq).toBe(4);
    const rest = await suite.api.json<Graph>(`/api/runs/${RELEASE_RUN}/graph?limit=4&afterSeq=4`);
    expect(rest.body.graph.nodes.map((n) => n.seq)).toEqual([5, 6]);
    expect(rest.body.graph.nextAfterSeq).toBeUndefined();
  });

  it('a deleted run, an unknown run and another tenant\'s run are all a 404 saying what it may be', async () => {
    for (const run of [DELETED_RUN, 'run-never', GLOBEX_RUN]) {
      const r = await suite.api.json<ErrorBody>(`/api/runs/${run}/graph`);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toBe(`Run '${run}' was not found in tenant 'acme': it never existed, was deleted, or belongs to another tenant.`);
      expect(r.text).not.toContain(SECRET);
    }
  });
});

describe('states and diffs', () => {
  it('shows a state and what changed between two checkpoints of the run', async () => {
    const c = suite.store.seeded.checkpoints;
    const state = await suite.api.json<{ state: Record<string, unknown>; checkpoint: { seq: number } }>(`/api/runs/${RELEASE_RUN}/checkpoints/${c['fix-flaky']}/state`);
    expect(state.body).toMatchObject({ checkpoint: { seq: 4 }, state: { failures: 0, notes: ['cut from main', 'flaky tests fixed'] } });
    const diff = await suite.api.json<{ changes: Array<{ op: string; path: string; before?: string; after?: string }>; total: number }>(
      `/api/runs/${RELEASE_RUN}/diff?from=${c['plan']}&to=${c['publish']}`,
    );
    expect(diff.body.changes).toEqual(expect.arrayContaining([
      { op: 'changed', path: 'approved', before: 'false', after: 'true' },
      { op: 'added', path: 'publishedAt', after: '"2026-03-03T10:00:00Z"' },
      { op: 'added', path: 'pages', after: '14' },
    ]));
    const meta = await suite.api.json<{ id: string; seq: number }>(`/api/runs/${RELEASE_RUN}/checkpoints/${c['join']}`);
    expect(meta.body).toMatchObject({ id: c['join'], seq: 5 });
  });

  it('a 10 MB state is refused inline with 413, its largest keys and a download that has all of it', async () => {
    const url = `/api/runs/${BIG_RUN}/checkpoints/${suite.store.seeded.bigCheckpointId}/state`;
    const r = await suite.api.json<ErrorBody>(url);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('STATE_TOO_LARGE');
    expect(r.body.error.message).toMatch(/is 10\.0 MB, over the 1\.0 MB this page shows/);
    expect(r.body.error.details).toMatchObject({ sizeBytes: expect.any(Number), largestKeys: [expect.objectContaining({ key: 'corpus', type: 'string' }), expect.objectContaining({ key: 'meta' })] });
    expect(r.text.length).toBeLessThan(4000);
    const download = await suite.api.get(r.body.error.details?.['download'] as string);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${BIG_RUN}-seq1.json"`);
    const full = JSON.parse(await download.text()) as { corpus: string };
    expect(full.corpus.length).toBe(BIG_STATE_BYTES);
  });

  it('unknown checkpoints, checkpoints of another run and malformed diff queries are 404 / 400', async () => {
    const c = suite.store.seeded.checkpoints;
    expect((await suite.api.get(`/api/runs/${RELEASE_RUN}/checkpoints/ckpt_nope/state`)).status).toBe(404);
    expect((await suite.api.get(`/api/runs/${BIG_RUN}/checkpoints/${c['plan']}/state`)).status).toBe(404);
    expect((await suite.api.get(`/api/runs/${RELEASE_RUN}/checkpoints/${c['plan']}/state.json?x=1`)).status).toBe(400);
    expect((await suite.api.get(`/api/runs/${RELEASE_RUN}/diff?from=${c['plan']}`)).status).toBe(400);
    expect((await suite.api.get(`/api/runs/${RELEASE_RUN}/diff?from=${c['plan']}&to=ckpt_nope`)).status).toBe(404);
    expect((await suite.api.get(`/api/runs/${RELEASE_RUN}/graph?afterSeq=-1`)).status).toBe(400);
  });
});
