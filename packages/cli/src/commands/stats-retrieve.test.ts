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

  it('names --tenant when other tenants hold data it did not count', async () => {
    const single = await alma(dir, ['stats', '-c', 'config.yaml']);
    expect(single.err).toBe('alma: note: 1 memory is in other tenants than the single-tenant data (no --tenant): pass --tenant <id> to see them.\n');
    const acme = await alma(dir, ['stats', '-c', 'config.yaml', '--tenant', 'acme']);
    expect(acme.err).toMatch(/^alma: note: 7 memories are in other tenants than tenant 'acme': pass --tenant <id> to see them\.\n$/);
    expect((await alma(dir, ['stats', '-c', 'config.yaml', '--json'])).err).toBe('');
  });

  it('takes the global options before or after the subcommand', async () => {
    const after = await alma(dir, ['stats', '--json', '-c', 'config.yaml']);
    const before = await alma(dir, ['-c', 'config.yaml', '--json', 'stats']);
    const mixed = await alma(dir, ['--config', 'config.yaml', 'stats', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(before.out)).toEqual(JSON.parse(after.out));
    expect(JSON.parse(mixed.out)).toEqual(JSON.parse(after.out));
    expect((await alma(dir, ['-c', 'config.yaml', 'stats', '--help'])).out).toMatch(/Global Options:.*-c, --config <path>/s);
  });

  it('with --json, errors are one JSON line on stderr with a code', async () => {
    const missing = await alma(dir, ['stats', '--json', '-c', 'nope.yaml']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(JSON.parse(missing.err)).toEqual({ error: { code: 'CONFIG', message: expect.stringMatching(/config file not found: .*nope\.yaml/), exitCode: 1 } });
    const usage = await alma(dir, ['--json', 'stats', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.err.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(usage.err)).toEqual({ error: { code: 'USAGE', message: "unknown option '--bogus'", exitCode: 2 } });
    const tenant = await alma(dir, ['stats', '-c', 'tenant.yaml', '--json']);
    expect(JSON.parse(tenant.err)).toMatchObject({ error: { code: 'TENANT_REQUIRED', exitCode: 1 } });
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

  it('prints outcomes when they are all a first learn stored, and says that only outcomes matched', async () => {
    const first = await alma(dir, ['retrieve', 'tenant task', '--agent', 'helper', '-c', 'config.yaml', '--tenant', 'acme']);
    expect(first.code).toBe(0);
    expect(first.out).toBe('## Recent Outcomes\n- [success] tenant task — strategy: x\n');
    expect(first.err).toBe('alma: note: Only 1 past outcome matched, no learned strategies, anti-patterns, preferences or facts yet (a strategy is formed once similar outcomes repeat).\n');
  });

  it('names --tenant when the agent has memories only in other tenants', async () => {
    const other = await alma(dir, ['retrieve', 'tenant task', '--agent', 'helper', '-c', 'config.yaml', '--tenant', 'beta']);
    expect(other).toMatchObject({ code: 0, out: '' });
    expect(other.err).toMatch(/^alma: no memories for agent 'helper' in tenant 'beta'; \d+ memories of agent 'helper' are in other tenants than tenant 'beta': pass --tenant <id>/);
  });

  it('says so on stderr when nothing matches; context options pass through', async () => {
    const none = await alma(dir, ['retrieve', 'anything', '--agent', 'nobody', '-c', 'config.yaml', '--tenant', 't', '--workflow', 'w', '--run', 'r', '--node', 'n']);
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toMatch(/^alma: agent 'nobody' has no memories in project 'shop', in any tenant \(agents in the config: helper\); check --agent/);
    const bad = await alma(dir, ['retrieve', 'x', '--agent', 'helper', '-c', 'config.yaml', '--scope', 'universe']);
    expect(bad.code).toBe(2);
    const global = await alma(dir, ['retrieve', 'x', '--agent', 'helper', '-c', 'config.yaml', '--scope', 'global']);
    expect(global.code).toBe(1);
    expect(global.err).toMatch(/^alma: .*global/i);
  });
});
