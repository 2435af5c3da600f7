import { describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '@alma/types';
import { makeAlma } from '../test-support/alma.js';
import { formatProgressSummary } from './select.js';

const HOUR = 3_600_000;

async function board() {
  const env = makeAlma();
  const { alma, clock } = env;
  const tick = (): void => {
    clock.now = new Date(clock.now.getTime() + 1000);
  };
  const a = await alma.progress.createItem({ title: 'Design schema', priority: 30, acceptanceCriteria: ['x', 'y'], agent: 'helena' });
  tick();
  const b = await alma.progress.createItem({ title: 'Set up CI', priority: 90, acceptanceCriteria: ['x', 'y', 'z'] });
  tick();
  const c = await alma.progress.createItem({ title: 'Write migrations', priority: 40, blockedBy: [a.id], agent: 'helena' });
  tick();
  const d = await alma.progress.createItem({ title: 'Seed data', priority: 60, acceptanceCriteria: ['x'], blockedBy: [a.id], agent: 'helena' });
  tick();
  const e = await alma.progress.createItem({ title: 'Fix typo', priority: 20, agent: 'helena' });
  tick();
  await alma.progress.createItem({ title: 'Victor only', priority: 100, agent: 'victor' });
  return { ...env, a, b, c, d, e };
}

describe('ProgressTracker', () => {
  it('creates items with defaults and keeps both sides of a dependency', async () => {
    const { alma, a, c, d } = await board();
    expect(c).toMatchObject({ status: 'pending', priority: 40, itemType: 'task', blockedBy: [a.id], blocks: [], attemptCount: 0, timeSpentMs: 0 });
    expect((await alma.progress.getItem(a.id))?.blocks).toEqual([c.id, d.id]);
    expect(await alma.progress.listItems({ agent: 'helena' })).toHaveLength(4);
    expect(await alma.progress.listItems({ status: 'done' })).toEqual([]);
  });

  it('picks the next item by priority, unblock-most, quick-win and fifo', async () => {
    const { alma, a, b, d, e } = await board();
    const next = (s: Parameters<typeof alma.progress.getNextItem>[1]) => alma.progress.getNextItem('helena', s).then((i) => i?.id);
    expect(await next('priority')).toBe(b.id);
    expect(await next('unblock-most')).toBe(a.id);
    expect(await next('quick-win')).toBe(e.id);
    expect(await next('fifo')).toBe(a.id);
    expect((await alma.progress.getActionableItems('helena')).map((i) => i.id)).toEqual([a.id, b.id, e.id]);
    expect((await alma.progress.getNextItem())?.title).toBe('Victor only');
    await alma.progress.startItem(a.id);
    await alma.progress.completeItem(a.id);
    await alma.progress.startItem(b.id);
    expect(await next('priority')).toBe(d.id);
  });

  it('tracks time, attempts and summarises progress', async () => {
    const { alma, clock, a, b, d, e } = await board();
    await alma.progress.startItem(a.id);
    clock.now = new Date(clock.now.getTime() + HOUR);
    const done = await alma.progress.completeItem(a.id, { testsPassing: false });
    expect(done).toMatchObject({ status: 'done', timeSpentMs: HOUR, attemptCount: 1, testsPassing: false, completedAt: clock.now });
    await alma.progress.startItem(b.id);
    await alma.progress.failItem(e.id, { reason: 'not reproducible' });
    const s = await alma.progress.getProgressSummary('helena');
    expect(s).toMatchObject({ total: 5, done: 1, failed: 1, inProgress: 1, pending: 2, blocked: 0, completionRate: 0.2, successRate: 0.5, totalTimeMs: HOUR, avgTimePerItemMs: HOUR });
    expect(s.currentItem?.id).toBe(b.id);
    expect(s.nextSuggested?.id).toBe(d.id);
    expect(s.lastActivity).toEqual(clock.now);
    expect((await alma.progress.getItem(e.id))?.metadata['statusNotes']).toEqual([
      expect.objectContaining({ from: 'pending', to: 'failed', notes: 'not reproducible' }),
    ]);
    const text = formatProgressSummary(s);
    expect(text).toContain('1/5 done (20%), 1 in progress, 2 pending, 0 blocked, 1 failed');
    expect(text).toContain('Current: Set up CI');
    expect(text).toContain('Next: Seed data (priority 60)');
    const empty = await makeAlma().alma.progress.getProgressSummary();
    expect(empty).toMatchObject({ total: 0, completionRate: 0, successRate: 0, avgTimePerItemMs: 0, blockers: [] });
  });

  it('blocks, unblocks, refuses cycles and cleans up on delete', async () => {
    const { alma, a, b, c, e } = await board();
    const blocked = await alma.progress.blockItem(b.id, { blockedBy: e.id, reason: 'needs the typo fix' });
    expect(blocked).toMatchObject({ status: 'blocked', blockedBy: [e.id] });
    expect((await alma.progress.getItem(e.id))?.blocks).toEqual([b.id]);
    expect((await alma.progress.getProgressSummary()).blockers.map((i) => i.id)).toEqual(expect.arrayContaining([b.id, c.id]));
    const unblocked = await alma.progress.unblockItem(b.id);
    expect(unblocked).toMatchObject({ status: 'pending', blockedBy: [] });
    expect((await alma.progress.getItem(e.id))?.blocks).toEqual([]);
    await expect(alma.progress.addDependency(a.id, c.id)).rejects.toThrow(/cycle/);
    await expect(alma.progress.addDependency(a.id, a.id)).rejects.toBeInstanceOf(ValidationError);
    await expect(alma.progress.addDependency(a.id, 'work_missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(alma.progress.addDependency('work_missing', a.id)).rejects.toBeInstanceOf(NotFoundError);
    const removed = await alma.progress.removeDependency(c.id, a.id);
    expect(removed.blockedBy).toEqual([]);
    expect(await alma.progress.deleteItem(e.id)).toBe(true);
    expect(await alma.progress.deleteItem(e.id)).toBe(false);
    await alma.progress.addDependency(c.id, a.id);
    await alma.progress.deleteItem(a.id);
    expect((await alma.progress.getItem(c.id))?.blockedBy).toEqual([]);
  });

  it('updates fields, creates from lists and markdown bullets, filters by type and parent', async () => {
    const { alma } = makeAlma();
    const epic = await alma.progress.createItem({ title: 'Epic', itemType: 'feature' });
    const [one, two] = await alma.progress.createFromList([{ title: 'One', parentId: epic.id }, { title: 'Two', agent: 'victor' }], { agent: 'helena' });
    expect(one).toMatchObject({ agent: 'helena', parentId: epic.id });
    expect(two?.agent).toBe('victor');
    const bullets = await alma.progress.expandToItems('Plan:\n- Write tests\n-not a bullet\n- Ship it\n- ', { itemType: 'bug', agent: 'helena' });
    expect(bullets.map((i) => [i.title, i.itemType])).toEqual([['Write tests', 'bug'], ['Ship it', 'bug']]);
    expect((await alma.progress.listItems({ itemType: 'bug' })).length).toBe(2);
    expect((await alma.progress.listItems({ parentId: epic.id })).map((i) => i.id)).toEqual([one?.id]);
    const updated = await alma.progress.updateItem(epic.id, { title: 'Epic 2', priority: 99, testsPassing: true });
    expect(updated).toMatchObject({ title: 'Epic 2', priority: 99, testsPassing: true });
    expect(await alma.progress.getItem(epic.id)).toMatchObject({ title: 'Epic 2', priority: 99 });
    const review = await alma.progress.setStatus(epic.id, 'review', { notes: 'ready' });
    expect(review.status).toBe('review');
  });

  it('isolates tenants', async () => {
    const { alma } = makeAlma();
    const t1 = { tenantId: 't1' };
    const item = await alma.progress.createItem({ title: 'Tenant work', context: t1 });
    expect(item.tenantId).toBe('t1');
    expect(await alma.progress.getItem(item.id, { context: { tenantId: 't2' } })).toBeUndefined();
    expect(await alma.progress.getItem(item.id)).toBeUndefined();
    expect(await alma.progress.getNextItem(undefined, 'priority', { context: { tenantId: 't2' } })).toBeUndefined();
    await expect(alma.progress.completeItem(item.id, { context: { tenantId: 't2' } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(alma.progress.createItem({ title: 'x', blockedBy: [item.id], context: { tenantId: 't2' } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await alma.progress.getNextItem(undefined, 'priority', { context: t1 }))?.id).toBe(item.id);
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const { alma } = makeAlma();
    const p = alma.progress;
    await expect(p.createItem({ title: '   ' })).rejects.toThrow(/title/);
    await expect(p.createItem({ title: 'x', priority: 101 })).rejects.toThrow(/priority/);
    await expect(p.createItem({ title: 'x', unknown: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(p.createItem({ title: 'x', blockedBy: ['work_missing'] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(p.createItem({ title: 'x', parentId: 'work_missing' })).rejects.toThrow(/parentId/);
    expect(await p.listItems()).toEqual([]);
    const item = await p.createItem({ title: 'ok' });
    await expect(p.updateItem(item.id, {})).rejects.toThrow(/at least one field/);
    await expect(p.updateItem(item.id, { priority: -1 })).rejects.toThrow(/priority/);
    await expect(p.getNextItem('helena', 'random' as never)).rejects.toThrow(/strategy/);
    await expect(p.startItem('')).rejects.toBeInstanceOf(ValidationError);
    await expect(p.startItem('work_missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(p.setStatus(item.id, 'done', { notes: 'x'.repeat(20_000) })).rejects.toThrow(/notes/);
    await expect(p.getItem(item.id, { context: 'bad' as never })).rejects.toBeInstanceOf(ValidationError);
    expect(await p.getItem(item.id)).toMatchObject({ title: 'ok', priority: 50, status: 'pending' });
  });
});
