import { describe, expect } from '@jest/globals';
import { SINGLE_TENANT, type SessionHandoff, type SessionHandoffQuery, type StorageBackend } from '@alma/types';
import { expectSameRecord, idsOf } from '../assertions.js';
import type { SuiteContext } from '../context.js';
import { at, FIXTURE_AGENT, FIXTURE_PROJECT, makeSessionHandoff } from '../fixtures.js';

const SESSION_DEFAULTS = {
  lastAction: '',
  lastOutcome: 'unknown',
  currentGoal: '',
  keyDecisions: [],
  activeFiles: [],
  blockers: [],
  nextSteps: [],
  testStatus: {},
  confidenceLevel: 0.5,
  riskFlags: [],
  metadata: {},
};

const list = (store: StorageBackend, extra: Partial<SessionHandoffQuery> = {}) =>
  store.listSessionHandoffs({ scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT, ...extra });

/** Session handoffs: round-trip with defaults, newest-first listing, update, delete. */
export function sessionsSuite(ctx: SuiteContext): void {
  describe('session handoffs', () => {
    ctx.test('sessions.round-trip', async (store) => {
      const full = makeSessionHandoff({ tenantId: 'tenant-s', createdAt: at(1) });
      expect(await store.saveSessionHandoff(full)).toBe(full.id);
      const [read] = await store.listSessionHandoffs({ scope: { tenantId: 'tenant-s' }, projectId: FIXTURE_PROJECT });
      expectSameRecord(read, full);
      const f = makeSessionHandoff();
      const minimal = {
        id: f.id,
        projectId: f.projectId,
        agent: f.agent,
        sessionId: f.sessionId,
        sessionStart: f.sessionStart,
        createdAt: f.createdAt,
      };
      await store.saveSessionHandoff(minimal as SessionHandoff);
      const [readMinimal] = await list(store);
      expectSameRecord(readMinimal, { ...minimal, ...SESSION_DEFAULTS });
    });

    ctx.test('sessions.list-order-filters-limit', async (store) => {
      const s1 = makeSessionHandoff({ createdAt: at(0) });
      const s2 = makeSessionHandoff({ createdAt: at(2) });
      const s3 = makeSessionHandoff({ createdAt: at(1) });
      const s4 = makeSessionHandoff({ createdAt: at(3), agent: 'agent-b' });
      const s5 = makeSessionHandoff({ createdAt: at(4), projectId: 'proj-other' });
      for (const s of [s1, s2, s3, s4, s5]) await store.saveSessionHandoff(s);
      expect(idsOf(await list(store))).toEqual([s4.id, s2.id, s3.id, s1.id]);
      expect(idsOf(await list(store, { agent: FIXTURE_AGENT }))).toEqual([s2.id, s3.id, s1.id]);
      expect(idsOf(await list(store, { limit: 2 }))).toEqual([s4.id, s2.id]);
      expect(idsOf(await list(store, { projectId: 'proj-other' }))).toEqual([s5.id]);
      for (let i = 0; i < 50; i++) await store.saveSessionHandoff(makeSessionHandoff({ createdAt: at(-100 - i) }));
      const page = await list(store);
      expect(page).toHaveLength(50);
      expect(idsOf(page.slice(0, 4))).toEqual([s4.id, s2.id, s3.id, s1.id]);
    });

    ctx.test('sessions.update', async (store) => {
      const s = makeSessionHandoff();
      await store.saveSessionHandoff(s);
      const patch = {
        lastAction: 'deployed',
        lastOutcome: 'failure' as const,
        blockers: [],
        nextSteps: ['roll back', 'write postmortem'],
        testStatus: { unit: false },
        confidenceLevel: 0.2,
        sessionEnd: at(90),
        metadata: { patched: true },
      };
      expect(await store.updateSessionHandoff(s.id, patch, SINGLE_TENANT)).toBe(true);
      const [read] = await list(store);
      expectSameRecord(read, { ...s, ...patch });
      expect(await store.updateSessionHandoff('sess_doesnotexist', patch, SINGLE_TENANT)).toBe(false);
    });

    ctx.test('sessions.delete', async (store) => {
      const mine = [makeSessionHandoff(), makeSessionHandoff()];
      const otherAgent = makeSessionHandoff({ agent: 'agent-b' });
      const otherProject = makeSessionHandoff({ projectId: 'proj-other' });
      for (const s of [...mine, otherAgent, otherProject]) await store.saveSessionHandoff(s);
      const filter = { scope: SINGLE_TENANT, projectId: FIXTURE_PROJECT };
      expect(await store.deleteSessionHandoffs({ ...filter, agent: FIXTURE_AGENT })).toBe(2);
      expect(idsOf(await list(store))).toEqual([otherAgent.id]);
      expect(await store.deleteSessionHandoffs(filter)).toBe(1);
      expect(await store.deleteSessionHandoffs(filter)).toBe(0);
      expect(idsOf(await list(store, { projectId: 'proj-other' }))).toEqual([otherProject.id]);
    });
  });
}
