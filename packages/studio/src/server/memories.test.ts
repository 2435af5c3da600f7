import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { apiClient } from '../test-support/api.js';
import { SECRET } from '../test-support/seed.js';
import { apiSuite } from '../test-support/suites.js';

const suite = apiSuite('memories', { tenantId: 'acme' });

interface Detail {
  record: Record<string, unknown>;
  artifacts: Array<Record<string, unknown>>;
  history: Array<{ action: string; sources: Array<{ id: string }> }>;
  similar: unknown[];
  graph: Array<{ via: string; entity: { name: string }; neighbours: Array<{ entity: { name: string } }> }>;
  formed: Array<{ id: string; kind: string }>;
}

interface Page {
  rows: Array<{ id: string; kind: string; title: string; confidence?: number; tenantId?: string }>;
  total?: number;
  hasMore: boolean;
  mode: string;
  scanned?: number;
}

describe('memory list', () => {
  it('pages each kind in the store order, counted by the store', async () => {
    const all = await suite.api.json<Page>('/api/memories?kind=outcome');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 6, hasMore: false, mode: 'store' });
    const first = await suite.api.json<Page>('/api/memories?kind=outcome&limit=4');
    const second = await suite.api.json<Page>('/api/memories?kind=outcome&limit=4&offset=4');
    expect(first.body.hasMore).toBe(true);
    expect(second.body.hasMore).toBe(false);
    expect([...first.body.rows, ...second.body.rows].map((r) => r.id)).toEqual(all.body.rows.map((r) => r.id));
    const deep = await suite.api.json<Page>('/api/memories?kind=outcome&offset=2000');
    expect(deep.body).toMatchObject({ mode: 'scan', rows: [], total: 6, hasMore: false });
    for (const kind of ['heuristic', 'user_preference', 'domain_knowledge', 'anti_pattern', 'workflow_outcome']) {
      const page = await suite.api.json<Page>(`/api/memories?kind=${kind}`);
      expect(page.body.rows.length).toBeGreaterThan(0);
      expect(page.body.rows.every((r) => r.kind === kind && r.tenantId === 'acme')).toBe(true);
    }
  });

  it('filters by text and agent and sorts by confidence in a scan, with the count of what matched', async () => {
    const text = await suite.api.json<Page>('/api/memories?kind=outcome&text=checkpoint%20STORE');
    expect(text.body).toMatchObject({ mode: 'scan', total: 1, scanned: 6 });
    expect(text.body.rows.map((r) => r.title)).toEqual(['Write integration tests for the PostgreSQL checkpoint store']);
    const reviewer = await suite.api.json<Page>('/api/memories?kind=domain_knowledge&agent=reviewer');
    expect(reviewer.body.rows.map((r) => r.title)).toEqual(['Releases are cut on Tuesdays after the docs build']);
    const asc = await suite.api.json<Page>('/api/memories?kind=heuristic&sort=confidence&order=asc');
    const desc = await suite.api.json<Page>('/api/memories?kind=heuristic&sort=confidence');
    const confidences = asc.body.rows.map((r) => r.confidence as number);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    expect(desc.body.rows.map((r) => r.id)).toEqual(asc.body.rows.map((r) => r.id).reverse());
    const workflow = await suite.api.json<Page>('/api/memories?kind=workflow_outcome&workflow=release');
    expect(workflow.body.rows).toHaveLength(2);
    expect((await suite.api.json<Page>('/api/memories?kind=workflow_outcome&workflow=nope')).body.rows).toEqual([]);
  });

  it('answers bad parameters with 400 and a message naming them', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/memories?limit=abc', /limit: must be a whole number/],
      ['/api/memories?limit=0', /limit: must be at least 1/],
      ['/api/memories?kind=bogus', /kind/],
      ['/api/memories?kind=outcome&sort=confidence', /cannot be sorted by confidence; use one of: lastUsed, created, successRate/],
      ['/api/memories?sort=size', /sort/],
      ['/api/memories?limti=5', /Unknown query parameter 'limti' for the memory list; allowed: kind, tenant/],
      ['/api/memories?text=%E0%A4%A', /Malformed query string: '%E0%A4%A' is not valid percent-encoding/],
      ['/api/memories?agent=a&agent=b', /'agent' is given twice/],
      ['/api/memories?offset=100001', /offset: must be at most 100000/],
    ];
    for (const [path, message] of cases) {
      const r = await suite.api.json<{ error: { status: number; code: string; message: string } }>(path);
      expect({ path, status: r.status, code: r.body.error.code }).toEqual({ path, status: 400, code: 'VALIDATION' });
      expect(r.body.error.message).toMatch(message);
      expect(r.text).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    }
  });
});

describe('memory detail', () => {
  it('shows a heuristic with its artifact links, the outcomes it was formed from and similar memories', async () => {
    const r = await suite.api.json<Detail>(`/api/memories/heuristic/${suite.store.seeded.heuristicId}`);
    expect(r.status).toBe(200);
    expect(r.body.record).toMatchObject({ id: suite.store.seeded.heuristicId, embeddingDimension: 384 });
    expect(r.body.record['embedding']).toBeUndefined();
    expect(r.body.artifacts).toEqual([expect.objectContaining({ storageUrl: 's3://ci-logs/acme/run-118.log', artifactType: 'log' })]);
    const created = r.body.history.find((e) => e.action === 'created');
    expect(created?.sources.map((s) => s.id).sort()).toEqual(suite.store.seeded.outcomeIds.slice(0, 3).sort());
    expect(r.body.history.map((e) => e.action)).toEqual(['validated', 'created']);
    expect(r.body.similar.length).toBeGreaterThan(0);
    expect(r.body.graph).toEqual([expect.objectContaining({ via: 'named', entity: expect.objectContaining({ name: 'PostgreSQL' }) })]);
    expect(r.body.graph[0]?.neighbours.map((n) => n.entity.name)).toEqual(['pgvector']);
  });

  it('shows what an outcome formed and what a workflow outcome extracted', async () => {
    const outcome = await suite.api.json<Detail>(`/api/memories/outcome/${suite.store.seeded.outcomeIds[0]}`);
    expect(outcome.body.formed.map((r) => r.id)).toEqual([suite.store.seeded.heuristicId]);
    const list = await suite.api.json<Page>('/api/memories?kind=workflow_outcome');
    const release = list.body.rows.find((r) => r.title.startsWith('Release 42')) as { id: string };
    const wo = await suite.api.json<Detail>(`/api/memories/workflow_outcome/${release.id}`);
    expect(wo.body.formed.map((r) => r.kind).sort()).toEqual(['anti_pattern', 'heuristic']);
  });

  it('unknown ids, kinds and malformed ids are 404 / 400 with a message', async () => {
    const unknown = await suite.api.json<{ error: { message: string } }>('/api/memories/heuristic/heur_nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Heuristic 'heur_nope' was not found (or is outside the caller's scope).");
    expect((await suite.api.get('/api/memories/nonsense/x')).status).toBe(400);
    expect((await suite.api.get('/api/memories/heuristic/a%01b')).status).toBe(400);
    expect((await suite.api.get('/api/memories/heuristic/x?tenant=acme&extra=1')).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it("another tenant's memory is not found, naming another tenant is refused, and no answer holds its text", async () => {
    const other = await suite.api.json<{ error: { code: string } }>(`/api/memories/heuristic/${suite.store.seeded.globexHeuristicId}`);
    expect(other.status).toBe(404);
    const named = await suite.api.json<{ error: { code: string; message: string } }>('/api/memories?tenant=globex');
    expect(named.status).toBe(403);
    expect(named.body.error).toMatchObject({ code: 'SCOPE_VIOLATION' });
    expect(named.body.error.message).toMatch(/bound to tenant 'acme'; it cannot show tenant 'globex'/);
    for (const kind of ['heuristic', 'outcome', 'user_preference', 'domain_knowledge', 'anti_pattern', 'workflow_outcome']) {
      for (const q of ['', '&text=ledger', '&sort=created']) {
        const r = await suite.api.json(`/api/memories?kind=${kind}${q}`);
        expect(r.status).toBe(200);
        expect(r.text).not.toContain(SECRET);
      }
    }
  });
});

describe('deleting a memory', () => {
  it('is refused by a read-only studio', async () => {
    const r = await suite.api.post(`/api/memories/heuristic/${suite.store.seeded.heuristicId}/delete`, { confirm: suite.store.seeded.heuristicId });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('READ_ONLY');
  });

  it('needs the studio header and the id as confirmation, then deletes only in the bound tenant', async () => {
    const path = join(suite.store.dir, 'writable.db');
    copyFileSync(suite.store.path, path);
    const w = apiClient(path, { tenantId: 'acme', allowWrites: true });
    try {
      const id = suite.store.seeded.heuristicId;
      const noHeader = await w.app.request(`/api/memories/heuristic/${id}/delete`, {
        method: 'POST', headers: { host: '127.0.0.1', 'content-type': 'application/json' }, body: JSON.stringify({ confirm: id }),
      });
      expect(noHeader.status).toBe(403);
      expect((await w.post(`/api/memories/heuristic/${id}/delete`, { confirm: 'yes' })).status).toBe(400);
      expect((await w.post(`/api/memories/heuristic/${id}/delete`, 'not an object')).status).toBe(400);
      const notJson = await w.app.request(`/api/memories/heuristic/${id}/delete`, {
        method: 'POST', headers: { host: '127.0.0.1', 'content-type': 'application/json', 'x-alma-studio': '1' }, body: '{',
      });
      expect(notJson.status).toBe(400);
      const other = suite.store.seeded.globexHeuristicId;
      expect((await w.post(`/api/memories/heuristic/${other}/delete`, { confirm: other })).status).toBe(404);
      const ok = await w.post(`/api/memories/heuristic/${id}/delete`, { confirm: id });
      expect(await ok.json()).toEqual({ kind: 'heuristic', id, deleted: true });
      expect((await w.get(`/api/memories/heuristic/${id}`)).status).toBe(404);
      expect(await w.alma.storage.getMemory('heuristic', other, { tenantId: 'globex' })).toBeDefined();
    } finally {
      await w.close();
    }
  });
});
