import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { apiClient } from '../test-support/api.js';
import { SECRET } from '../test-support/seed.js';
import { apiSuite } from '../test-support/suites.js';
import { breakdownOf } from './retrieval.js';

const suite = apiSuite('insight', { tenantId: 'acme' });

type ErrorBody = { error: { status: number; code: string; message: string } };

describe('retrieval playground', () => {
  it('returns the slice with every score input per memory and toPrompt() exactly as an agent gets it', async () => {
    const task = 'write integration tests for postgres';
    const r = await suite.api.json<{ items: Array<{ row: { id: string; kind: string }; breakdown: Record<string, number> }>; prompt: string; metadata: Record<string, unknown> }>(
      `/api/retrieve?task=${encodeURIComponent(task)}&agent=coder`,
    );
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(3);
    for (const { breakdown } of r.body.items) {
      expect(Object.keys(breakdown).sort()).toEqual(['confidence', 'recency', 'score', 'similarity', 'successRate']);
    }
    const direct = await suite.api.alma.retrieve({ task, agent: 'coder', context: { tenantId: 'acme' }, bypassCache: true });
    expect(r.body.prompt).toBe(suite.api.alma.toPrompt(direct));
    expect(r.body.items.map((i) => i.row.id).sort()).toEqual(
      [...direct.heuristics, ...direct.outcomes, ...direct.domainKnowledge, ...direct.antiPatterns].map((m) => m.id).sort(),
    );
    expect(r.body.metadata['scores']).toBeUndefined();
    expect(r.body.metadata['scope']).toBe('agent');
    expect(r.text).not.toContain(SECRET);
  });

  it('refuses scope global without admin, a missing task, and a narrow scope without its ids', async () => {
    const global = await suite.api.json<ErrorBody>('/api/retrieve?task=x&agent=coder&scope=global');
    expect(global.status).toBe(403);
    expect(global.body.error.message).toMatch(/--all-tenants/);
    expect((await suite.api.json<ErrorBody>('/api/retrieve?agent=coder')).status).toBe(400);
    const run = await suite.api.json<ErrorBody>('/api/retrieve?task=x&agent=coder&scope=run&workflow=release');
    expect(run.status).toBe(400);
    expect(run.body.error.message).toMatch(/needs context\.runId/);
    expect((await suite.api.json<ErrorBody>('/api/retrieve?task=x&agent=coder&topK=500')).status).toBe(400);
    expect((await suite.api.json<ErrorBody>('/api/retrieve?task=x&agent=coder&tenant=globex')).status).toBe(403);
  });

  it('shows per-record fields a newer engine adds (e.g. keyword and vector ranks), and nothing that is not per record', () => {
    const ids = new Set(['a', 'b']);
    const metadata = {
      scores: { a: 0.5, b: 0.25 },
      scoreBreakdown: { a: { similarity: 0.9, recency: 0.5 }, b: { similarity: 0.1 } },
      keywordRank: { a: 1 },
      vectorRank: { a: 2, b: 1 },
      scopeFilter: { tenantId: 'acme' },
      agents: ['coder'],
    };
    expect(breakdownOf(metadata, ids, 'a')).toEqual({ score: 0.5, similarity: 0.9, recency: 0.5, keywordRank: 1, vectorRank: 2 });
    expect(breakdownOf(metadata, ids, 'b')).toEqual({ score: 0.25, similarity: 0.1, vectorRank: 1 });
  });
});

describe('learning timeline', () => {
  interface Timeline {
    events: Array<{ action: string; memoryKind: string; memoryId: string; sources: Array<{ kind: string; id: string; result: string }> }>;
    total: number;
    days: Array<{ day: string; created: number }>;
  }

  it('says when each heuristic and anti-pattern was created or strengthened, and from which outcomes', async () => {
    const { body, text } = await suite.api.json<Timeline>('/api/timeline');
    const s = suite.store.seeded;
    const of = (id: string, action: string) => body.events.find((e) => e.memoryId === id && e.action === action);
    expect(of(s.heuristicId, 'created')?.sources.map((x) => x.id).sort()).toEqual(s.outcomeIds.slice(0, 3).sort());
    expect(of(s.antiPatternId, 'created')?.sources.map((x) => [x.id, x.result])).toEqual([[s.outcomeIds[4], 'failure'], [s.outcomeIds[5], 'failure']]);
    expect(of(s.workflowHeuristicId, 'created')?.sources).toEqual([expect.objectContaining({ kind: 'workflow_outcome', result: 'success' })]);
    expect(of(s.workflowHeuristicId, 'weakened')?.sources).toEqual([expect.objectContaining({ kind: 'workflow_outcome', result: 'failure' })]);
    expect(body.events.map((e) => e.memoryKind)).toContain('anti_pattern');
    expect(body.days.reduce((n, d) => n + d.created, 0)).toBe(4);
    expect(text).not.toContain(SECRET);
    const heuristicsOnly = await suite.api.json<Timeline>('/api/timeline?kind=heuristic&limit=2');
    expect(heuristicsOnly.body.events).toHaveLength(2);
    expect(heuristicsOnly.body.total).toBe(body.events.filter((e) => e.memoryKind === 'heuristic').length);
    expect((await suite.api.json<Timeline>('/api/timeline?agent=reviewer')).body.total).toBe(0);
    expect((await suite.api.get('/api/timeline?kind=outcome')).status).toBe(400);
  });
});

describe('health', () => {
  it('counts per type in the tenant, runs by status, and the candidates forgetting would take', async () => {
    const h = await suite.api.json<{ counts: Record<string, number>; runs: { byStatus: Record<string, number> } }>('/api/health');
    expect(h.body.counts).toEqual({ heuristic: 2, outcome: 6, user_preference: 1, domain_knowledge: 2, anti_pattern: 2, workflow_outcome: 2 });
    expect(h.body.runs.byStatus).toMatchObject({ running: 1, completed: 1 });
    const c = await suite.api.json<{ tenantId: string; prune: { items: Array<{ id: string; reason: string }> }; decay: Array<{ id: string }> }>('/api/health/candidates');
    expect(c.body.tenantId).toBe('acme');
    expect(c.body.prune.items).toEqual([expect.objectContaining({ id: suite.store.seeded.workflowHeuristicId, reason: 'low_confidence' })]);
    expect(c.body.decay.map((d) => d.id).sort()).toEqual([suite.store.seeded.heuristicId, suite.store.seeded.workflowHeuristicId].sort());
    expect(c.text).not.toContain(SECRET);
    const reviewer = await suite.api.json<{ prune: { items: unknown[] }; decay: unknown[] }>('/api/health/candidates?agent=reviewer');
    expect(reviewer.body).toMatchObject({ prune: { items: [] }, decay: [] });
  });

  it('in admin mode counts every tenant, per tenant', async () => {
    const admin = apiClient(suite.store.path, { allTenants: true });
    try {
      const h = await admin.json<{ perTenant: Array<{ tenantId: string | null; counts: Record<string, number> }>; counts: Record<string, number> }>('/api/health');
      expect(h.body.perTenant.map((t) => t.tenantId)).toEqual(['acme', 'globex']);
      expect(h.body.perTenant[1]?.counts).toMatchObject({ heuristic: 1, outcome: 3, domain_knowledge: 1 });
      expect(h.body.counts['outcome']).toBe(9);
      const globex = await admin.json<{ counts: Record<string, number> }>('/api/health?tenant=globex');
      expect(globex.body.counts['outcome']).toBe(3);
    } finally {
      await admin.close();
    }
  });

  it('forgets exactly the confirmed candidates when writes are enabled', async () => {
    const path = join(suite.store.dir, 'forget.db');
    copyFileSync(suite.store.path, path);
    const w = apiClient(path, { tenantId: 'acme', allowWrites: true });
    try {
      const items = [{ memoryType: 'heuristic', id: suite.store.seeded.workflowHeuristicId }];
      expect((await suite.api.post('/api/forget', { items, confirm: 1 })).status).toBe(403);
      expect((await w.post('/api/forget', { items, confirm: 2 })).status).toBe(400);
      expect((await w.post('/api/forget', { items: [], confirm: 0 })).status).toBe(400);
      const ok = await w.post('/api/forget', { items: [...items, { memoryType: 'heuristic', id: suite.store.seeded.globexHeuristicId }], confirm: 2 });
      expect(await ok.json()).toEqual({ requested: 2, deleted: 1 });
      expect((await w.json<{ prune: { items: unknown[] } }>('/api/health/candidates')).body.prune.items).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
