import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, textOf, type Harness } from './test-support/in-memory.js';

let h: Harness;
afterEach(async () => h?.close());

type Entity = { id: string; name: string };

describe('insight tools', () => {
  it('prune: dry run by default lists stale memories, then deletes them', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    h = await connect({}, { now: () => now });
    await h.ok('alma_learn', { agent: 'a', task: 'deploy service', outcome: 'success', strategyUsed: 'blue green deploy' });
    now = new Date('2026-12-01T00:00:00Z');

    const dry = await h.ok<{ dryRun: boolean; outcomes: number; items: Array<{ reason: string }>; truncated: boolean }>('alma_prune', {});
    expect(dry).toMatchObject({ dryRun: true, outcomes: 1, truncated: false });
    expect(dry.items[0]?.reason).toBe('stale');
    expect((await h.ok<{ totalMemories: number }>('alma_stats')).totalMemories).toBe(1);
    expect(await h.ok('alma_prune', { agent: 'a', dryRun: false })).toMatchObject({ dryRun: false, total: 1 });
    expect((await h.ok<{ totalMemories: number }>('alma_stats')).totalMemories).toBe(0);
  });

  it('memory health and strategy assessment', async () => {
    h = await connect();
    const health = await h.ok<{ metrics: { totalItems: number }; alerts: unknown[] }>('alma_memory_health', { agent: 'a' });
    expect(health.metrics.totalItems).toBe(0);
    expect(Array.isArray(health.alerts)).toBe(true);

    const ranked = await h.ok<{ ranked: Array<{ strategy: string; recommendation: string; confidenceScore: number }> }>('alma_assess_strategies', {
      agent: 'a', context: 'deploy the payment service', strategies: ['blue green deploy', 'deploy on friday evening'],
    });
    expect(ranked.ranked).toHaveLength(2);
    expect(ranked.ranked[0]?.confidenceScore).toBeGreaterThanOrEqual(ranked.ranked[1]?.confidenceScore ?? 1);
  });

  it('learn_from_conversation commits what the rule-based extractor finds; commit: false writes nothing', async () => {
    h = await connect();
    const messages = [
      { role: 'user', content: 'I prefer tabs over spaces for indentation.' },
      { role: 'assistant', content: 'Note that the staging database is reset every night.' },
    ];
    const dry = await h.ok<{ extracted: number; committed: unknown[]; accepted: number }>('alma_learn_from_conversation', {
      agent: 'dev', userId: 'ann', messages, commit: false,
    });
    expect(dry.extracted).toBeGreaterThan(0);
    expect(dry.committed).toEqual([]);
    expect((await h.ok<{ totalMemories: number }>('alma_stats')).totalMemories).toBe(0);

    const real = await h.ok<{ committed: Array<{ memoryType: string }> }>('alma_learn_from_conversation', { agent: 'dev', userId: 'ann', messages, minConfidence: 0.1 });
    expect(real.committed.map((c) => c.memoryType)).toContain('user_preference');
    expect((await h.call('alma_learn_from_conversation', { agent: 'dev', messages: [] })).isError).toBe(true);
    expect((await h.call('alma_assess_strategies', { agent: 'a', context: 'x', strategies: [] })).isError).toBe(true);
    expect((await h.call('alma_prune', { dryRun: 'yes' })).isError).toBe(true);
  });
});

describe('graph tools', () => {
  it('entities, relationships with validity, neighbourhood, invalidation, deletion', async () => {
    h = await connect({ tenantId: 'acme' });
    const ann = (await h.ok<{ entity: Entity; created: boolean }>('alma_graph_add_entity', { name: 'Ann', entityType: 'person' })).entity;
    const again = await h.ok<{ entity: Entity; created: boolean }>('alma_graph_add_entity', { name: 'ann', entityType: 'person' });
    expect(again).toMatchObject({ created: false, entity: { id: ann.id } });
    const alma = (await h.ok<{ entity: Entity }>('alma_graph_add_entity', { name: 'ALMA', entityType: 'project', properties: { lang: 'ts' } })).entity;

    const rel = await h.ok<{ relationship: { id: string }; created: boolean }>('alma_graph_add_relationship', {
      sourceId: ann.id, targetId: alma.id, relationType: 'works_on', validFrom: '2026-01-01T00:00:00Z', confidence: 0.9,
    });
    expect(rel.created).toBe(true);
    expect((await h.ok<{ entities: Entity[] }>('alma_graph_find_entities', { entityType: 'person' })).entities).toHaveLength(1);

    const n = await h.ok<{ entities: Array<{ entity: Entity; depth: number }>; relationships: unknown[] }>('alma_graph_neighbours', { entityId: ann.id });
    expect(n.entities).toMatchObject([{ entity: { id: alma.id }, depth: 1 }]);
    const ended = await h.ok<{ relationship: { validTo: string } }>('alma_graph_invalidate_relationship', { id: rel.relationship.id, at: '2026-02-01T00:00:00Z' });
    expect(ended.relationship.validTo).toBe('2026-02-01T00:00:00.000Z');
    const past = await h.ok<{ entities: unknown[] }>('alma_graph_neighbours', { entityId: ann.id, asOf: '2026-01-15T00:00:00Z', direction: 'out' });
    expect(past.entities).toHaveLength(1);
    expect((await h.ok<{ entities: unknown[] }>('alma_graph_neighbours', { entityId: ann.id })).entities).toHaveLength(0);

    expect(textOf(await h.call('alma_graph_add_relationship', { sourceId: ann.id, targetId: 'nope', relationType: 'x' }))).toMatch(/^NOT_FOUND: /);
    expect((await h.call('alma_graph_add_relationship', { sourceId: ann.id, targetId: alma.id, relationType: 'x', validFrom: 'yesterday' })).isError).toBe(true);
    expect(await h.ok('alma_graph_delete_entity', { id: alma.id })).toEqual({ id: alma.id, deleted: true });
    expect(await h.ok('alma_graph_delete_entity', { id: alma.id })).toEqual({ id: alma.id, deleted: false });
  });
});

describe('tool groups', () => {
  it('registers only the configured groups', async () => {
    h = await connect({ tools: ['memory'] });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('alma_retrieve');
    expect(names.some((n) => n.startsWith('alma_graph_') || n === 'alma_checkpoint')).toBe(false);
  });
});
