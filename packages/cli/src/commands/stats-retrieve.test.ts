import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { almaFromConfigFile } from '@alma/core';
import { alma, tempDir, writeConfig } from '../test-support/run.js';

const { dir, cleanup } = tempDir('stats');
afterAll(cleanup);

beforeAll(async () => {
  const path = writeConfig(dir, 'config.yaml', { adapter: 'sqlite', options: { path: `${dir}/alma.db` } });
  writeConfig(dir, 'tenant.yaml', { adapter: 'sqlite', options: { path: `${dir}/alma.db` } }, 'require_tenant: true\n');
  const a = await almaFromConfigFile(path, {});
  try {
    for (let i = 0; i < 3; i++) {
      await a.learn({ agent: 'helper', task: 'test the login form', outcome: 'success', strategyUsed: 'fill every field then submit', taskType: 'testing' });
    }
    await a.learn({ agent: 'helper', task: 'test the signup form', outcome: 'failure', strategyUsed: 'sleep then click', taskType: 'testing', errorMessage: 'flaky' });
    await a.addDomainKnowledge({ agent: 'helper', domain: 'testing', fact: 'The login form has five fields' });
    await a.addUserPreference({ userId: 'u1', category: 'style', preference: 'short answers' });
    await a.learn({ agent: 'helper', task: 'tenant task', outcome: 'success', strategyUsed: 'x', taskType: 'testing', context: { tenantId: 'acme' } });
  } finally {
    await a.close();
  }
});

describe('alma stats', () => {
  it('counts per type, as text and JSON, per agent and tenant', async () => {
    const text = await alma(dir, ['stats', '-c', 'config.yaml']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^project shop \(sqlite\)\n/);
    expect(text.out).toMatch(/outcome\s+4\n/);
    expect(text.out).toMatch(/user_preference\s+1\n/);
    const json = JSON.parse((await alma(dir, ['stats', '-c', 'config.yaml', '--json'])).out) as { counts: Record<string, number>; totalMemories: number; adapter: string };
    expect(json.counts).toMatchObject({ outcome: 4, domain_knowledge: 1, user_preference: 1 });
    expect(json.adapter).toBe('sqlite');
    const acme = JSON.parse((await alma(dir, ['stats', '-c', 'config.yaml', '--tenant', 'acme', '--agent', 'helper', '--json'])).out) as { counts: Record<string, number> };
    expect(acme.counts.outcome).toBe(1);
    expect((await alma(dir, ['stats', '-c', 'config.yaml', '--tenant', 'acme', '--agent', 'helper'])).out).toMatch(/agent helper, tenant acme/);
  });

  it('require_tenant without --tenant is one clear error line', async () => {
    const r = await alma(dir, ['stats', '-c', 'tenant.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^alma: .*tenant.*\n$/i);
  });
});

describe('alma retrieve', () => {
  it('prints the prompt text, or the slice as JSON', async () => {
    const text = await alma(dir, ['retrieve', 'test the login form', '--agent', 'helper', '-c', 'config.yaml', '--user', 'u1']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('fill every field then submit');
    expect(text.out).toContain('short answers');
    const json = JSON.parse(
      (await alma(dir, ['retrieve', 'test the login form', '--agent', 'helper', '-c', 'config.yaml', '--json', '--top-k', '2', '--scope', 'agent', '--workflow-outcomes'])).out,
    ) as { outcomes: Array<{ timestamp: string }>; agent: string };
    expect(json.agent).toBe('helper');
    expect(json.outcomes.length).toBeLessThanOrEqual(2);
    expect(json.outcomes[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const tiny = await alma(dir, ['retrieve', 'test the login form', '--agent', 'helper', '-c', 'config.yaml', '--max-tokens', '20']);
    expect(tiny.out.length).toBeLessThan(text.out.length);
  });

  it('says so on stderr when nothing matches; context options pass through', async () => {
    const none = await alma(dir, ['retrieve', 'anything', '--agent', 'nobody', '-c', 'config.yaml', '--tenant', 't', '--workflow', 'w', '--run', 'r', '--node', 'n']);
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toBe("alma: no memories for agent 'nobody' match this task\n");
    const bad = await alma(dir, ['retrieve', 'x', '--agent', 'helper', '-c', 'config.yaml', '--scope', 'universe']);
    expect(bad.code).toBe(2);
    const global = await alma(dir, ['retrieve', 'x', '--agent', 'helper', '-c', 'config.yaml', '--scope', 'global']);
    expect(global.code).toBe(1);
    expect(global.err).toMatch(/^alma: .*global/i);
  });
});
