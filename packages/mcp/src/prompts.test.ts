import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, type Harness } from './test-support/in-memory.js';

let h: Harness;
afterEach(async () => h?.close());

const textOf = (r: { messages: Array<{ content: { type: string; text?: string } }> }): string =>
  r.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');

describe('prompts', () => {
  it('lists the common flows with their arguments', async () => {
    h = await connect();
    const { prompts } = await h.client.listPrompts();
    expect(prompts.map((p) => [p.name, (p.arguments ?? []).map((a) => `${a.name}${a.required ? '' : '?'}`)])).toEqual([
      ['alma_recall', ['task', 'agent']],
      ['alma_record_outcome', ['task', 'agent', 'outcome?']],
      ['alma_session_start', ['agent', 'goal?']],
    ]);
  });

  it('alma_recall retrieves the memories for the task in the server tenant, and says when only outcomes matched', async () => {
    h = await connect({ tenantId: 't1' });
    const first = await h.client.getPrompt({ name: 'alma_recall', arguments: { task: 'test the login form', agent: 'tester' } });
    expect(textOf(first)).toContain('(nothing yet)');
    expect(textOf(first)).toContain('Note: No memories matched.');
    await h.ok('alma_learn', { agent: 'tester', task: 'test the login form', outcome: 'failure', strategyUsed: 'click fast', errorMessage: 'flaky' });
    const after = textOf(await h.client.getPrompt({ name: 'alma_recall', arguments: { task: 'test the login form', agent: 'tester' } }));
    expect(after).toContain('## Recent Outcomes\n- [failure] test the login form — strategy: click fast\n  Error: flaky');
    expect(after).toContain('Note: Only 1 past outcome matched');
    expect(after).toContain('alma_learn');
  });

  it('alma_record_outcome and alma_session_start name the tools to call', async () => {
    h = await connect();
    const record = textOf(await h.client.getPrompt({ name: 'alma_record_outcome', arguments: { task: 'deploy', agent: 'ops', outcome: 'success' } }));
    expect(record).toMatch(/Call the alma_learn tool with agent "ops", task "deploy", outcome "success"/);
    const session = textOf(await h.client.getPrompt({ name: 'alma_session_start', arguments: { agent: 'ops', goal: 'ship v2' } }));
    expect(session).toMatch(/alma_start_session with goal "ship v2"/);
    await expect(h.client.getPrompt({ name: 'alma_record_outcome', arguments: { task: 'x', agent: 'y', outcome: 'meh' } })).rejects.toThrow();
  });
});

describe('alma_retrieve note', () => {
  it('says when only outcomes matched, and nothing once a learned memory does', async () => {
    h = await connect();
    await h.ok('alma_learn', { agent: 'a', task: 'test the login form', outcome: 'success', strategyUsed: 'fill then submit' });
    const only = await h.ok<{ prompt: string; note?: string; totalItems: number }>('alma_retrieve', { task: 'test the login form', agent: 'a' });
    expect(only.totalItems).toBe(1);
    expect(only.prompt).toContain('## Recent Outcomes');
    expect(only.note).toMatch(/^Only 1 past outcome matched/);
    await h.ok('alma_add_knowledge', { agent: 'a', domain: 'testing', fact: 'the login form needs a CSRF token' });
    const learned = await h.ok<{ note?: string }>('alma_retrieve', { task: 'test the login form', agent: 'a' });
    expect(learned.note).toBeUndefined();
  });
});
