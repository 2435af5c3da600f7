import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, textOf, type Harness } from './test-support/in-memory.js';

let h: Harness;
afterEach(async () => h?.close());

type Handoff = { id: string; sessionId: string; keyDecisions: string[]; blockers: string[]; testStatus: Record<string, boolean>; lastOutcome: string };
type Item = { id: string; status: string; title: string; priority: number };

describe('session tools', () => {
  it('start -> update -> end -> handoff for the next session', async () => {
    h = await connect({ tenantId: 'acme' });
    const started = await h.ok<{ sessionId: string; resumed: boolean; orientation: string }>('alma_start_session', {
      agent: 'dev', goal: 'Fix login', activeFiles: ['src/login.ts'],
    });
    expect(started.resumed).toBe(false);
    expect(started.orientation).toContain('Goal: Fix login');

    const updated = await h.ok<{ handoff: Handoff }>('alma_update_session', {
      agent: 'dev', action: 'wrote a failing test', outcome: 'success', confidence: 0.7, activeFile: 'src/a.ts', risk: 'flaky CI',
      decision: 'use JWT', blocker: 'need API key', test: { name: 'login.spec', passing: false },
    });
    expect(updated.handoff).toMatchObject({ keyDecisions: ['use JWT'], blockers: ['need API key'], testStatus: { 'login.spec': false } });
    const resolved = await h.ok<{ handoff: Handoff }>('alma_update_session', { agent: 'dev', sessionId: started.sessionId, resolvedBlocker: 'need API key' });
    expect(resolved.handoff.blockers).toEqual([]);

    const ended = await h.ok<{ handoff: Handoff }>('alma_end_session', {
      agent: 'dev', lastAction: 'fixed login', lastOutcome: 'success', nextSteps: ['deploy'], confidence: 0.9,
    });
    expect(ended.handoff.lastOutcome).toBe('success');
    const next = await h.ok<{ found: boolean; quickReload: string; handoffs: Handoff[] }>('alma_get_session_handoff', { agent: 'dev' });
    expect(next.found).toBe(true);
    expect(next.quickReload).toContain('deploy');
    expect(next.handoffs).toHaveLength(1);

    const again = await h.ok<{ orientation: string }>('alma_start_session', { agent: 'dev' });
    expect(again.orientation).toContain('Previous Session');
  });

  it('bad session calls are errors and write nothing', async () => {
    h = await connect();
    const noSession = await h.call('alma_update_session', { agent: 'dev', decision: 'x' });
    expect(textOf(noSession)).toMatch(/^NOT_FOUND: /);
    expect(textOf(await h.call('alma_update_session', { agent: 'dev' }))).toMatch(/^VALIDATION: /);
    expect((await h.call('alma_end_session', { agent: 'dev', lastAction: 'x', lastOutcome: 'great' })).isError).toBe(true);
    expect((await h.call('alma_start_session', { agent: '' })).isError).toBe(true);
    expect((await h.call('alma_get_session_handoff', { agent: 'dev', limit: 0 })).isError).toBe(true);
    expect(await h.ok('alma_get_session_handoff', { agent: 'dev' })).toMatchObject({ found: false, handoffs: [] });
  });
});

describe('progress tools', () => {
  it('create, dependencies, next item, status changes, summary, paging', async () => {
    h = await connect({ maxPageSize: 2 });
    const a = (await h.ok<{ item: Item }>('alma_create_work_item', { title: 'Design', priority: 80, agent: 'dev' })).item;
    const b = (await h.ok<{ item: Item }>('alma_create_work_item', { title: 'Build', blockedBy: [a.id], acceptanceCriteria: ['works'] })).item;
    await h.ok('alma_create_work_item', { title: 'Docs', priority: 10, itemType: 'task', parentId: a.id });

    expect(await h.ok('alma_get_next_work_item', { agent: 'dev' })).toMatchObject({ found: true, item: { id: a.id } });
    const started = await h.ok<{ item: Item }>('alma_update_work_item', { id: a.id, status: 'in_progress' });
    expect(started.item.status).toBe('in_progress');
    const done = await h.ok<{ item: Item & { metadata: { statusNotes: unknown[] } } }>('alma_update_work_item', {
      id: a.id, status: 'done', notes: 'shipped', priority: 90,
    });
    expect(done.item).toMatchObject({ status: 'done', priority: 90 });
    expect(done.item.metadata.statusNotes).toHaveLength(1);
    expect(await h.ok('alma_get_next_work_item', { strategy: 'fifo' })).toMatchObject({ item: { id: b.id } });

    const summary = await h.ok<{ total: number; completionRate: number; nextSuggested?: Item }>('alma_progress_summary', {});
    expect(summary).toMatchObject({ total: 3, nextSuggested: { id: b.id } });
    expect(summary.completionRate).toBeCloseTo(1 / 3);

    const page1 = await h.ok<{ items: Item[]; total: number; nextOffset?: number }>('alma_list_work_items', {});
    expect(page1).toMatchObject({ total: 3, nextOffset: 2 });
    const page2 = await h.ok<{ items: Item[]; nextOffset?: number }>('alma_list_work_items', { offset: 2 });
    expect(page2.items.map((i) => i.title)).toEqual(['Docs']);
    expect((await h.ok<{ items: Item[] }>('alma_list_work_items', { status: 'done' })).items).toHaveLength(1);
  });

  it('bad progress calls are errors and write nothing', async () => {
    h = await connect();
    const before = await h.ok('alma_list_work_items', {});
    expect(textOf(await h.call('alma_create_work_item', { title: 'x', blockedBy: ['nope'] }))).toMatch(/^NOT_FOUND: /);
    expect((await h.call('alma_create_work_item', { title: '' })).isError).toBe(true);
    expect(textOf(await h.call('alma_update_work_item', { id: 'nope', status: 'done' }))).toMatch(/^NOT_FOUND: /);
    expect(textOf(await h.call('alma_update_work_item', { id: 'nope' }))).toMatch(/^VALIDATION: /);
    expect((await h.call('alma_get_next_work_item', { strategy: 'random' })).isError).toBe(true);
    expect((await h.call('alma_progress_summary', { agent: '' })).isError).toBe(true);
    expect(await h.ok('alma_get_next_work_item', {})).toEqual({ found: false });
    expect(await h.ok('alma_list_work_items', {})).toEqual(before);
  });
});
