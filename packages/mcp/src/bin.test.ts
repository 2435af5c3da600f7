import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { binArgs, PACKAGE_DIR, runBin, startHttpBin } from './test-support/bin.js';

// End to end: the SDK's own Client spawns the real alma-mcp bin over stdio against a temp SQLite database.
jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'alma-mcp-bin-'));
const config = join(dir, 'config.yaml');
writeFileSync(config, `project_id: bin-test\nstorage:\n  adapter: sqlite\n  options:\n    path: ${JSON.stringify(join(dir, 'alma.db'))}\n`);

let client: Client;
const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const ok = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T> => {
  const r = await call(name, args);
  if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  return r.structuredContent as T;
};
/** Everything a failed call could have written. */
const snapshot = async () => ({
  stats: await ok('alma_stats', {}),
  checkpoints: await ok('alma_list_checkpoints', { runId: 'run-1', includeState: true }),
  workItems: await ok('alma_list_work_items', {}),
  handoffs: await ok('alma_get_session_handoff', { agent: 'coder', limit: 20 }),
  entities: await ok('alma_graph_find_entities', {}),
});

beforeAll(async () => {
  client = new Client({ name: 'bin-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: binArgs('--config', config, '--tenant', 'acme'), cwd: PACKAGE_DIR, stderr: 'pipe' }),
  );
});
afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = { workflowId: 'wf', runId: 'run-1' };
const ids: Record<string, string> = {};

/** One successful call per tool, in an order where each can use what the previous ones wrote. */
const HAPPY: Record<string, () => Record<string, unknown>> = {
  alma_learn: () => ({ agent: 'coder', task: 'fix the login bug', outcome: 'success', strategyUsed: 'reproduce first' }),
  alma_add_preference: () => ({ userId: 'ann', category: 'style', preference: 'Short answers' }),
  alma_add_knowledge: () => ({ agent: 'coder', domain: 'auth', fact: 'Sessions expire after 30 minutes' }),
  alma_retrieve: () => ({ agent: 'coder', task: 'fix a login bug', userId: 'ann', format: 'full' }),
  alma_stats: () => ({ agent: 'coder' }),
  alma_checkpoint: () => ({ context: run, nodeId: 'plan', state: { step: 1 } }),
  alma_get_resume_point: () => ({ runId: 'run-1' }),
  alma_list_checkpoints: () => ({ runId: 'run-1' }),
  alma_merge_states: () => ({ context: run, states: [{ n: [1] }, { n: [2] }], reducers: { n: 'append' } }),
  alma_cleanup_checkpoints: () => ({ runId: 'run-1', keepLatest: 1 }),
  alma_learn_from_workflow: () => ({ context: run, agent: 'coder', result: 'success', summary: 'Fixed it', successfulPatterns: ['reproduce first'], cleanupCheckpoints: false }),
  alma_link_artifact: () => ({ memoryId: ids['knowledge'], artifactType: 'document', storageUrl: 'https://docs.example/auth' }),
  alma_get_artifacts: () => ({ memoryId: ids['knowledge'] }),
  alma_delete_memory: () => ({ memoryType: 'user_preference', id: ids['preference'] }),
  alma_forget: () => ({ agent: 'coder' }),
  alma_start_session: () => ({ agent: 'coder', goal: 'Fix login' }),
  alma_update_session: () => ({ agent: 'coder', decision: 'use JWT', test: { name: 'login.spec', passing: true } }),
  alma_end_session: () => ({ agent: 'coder', lastAction: 'fixed login', lastOutcome: 'success', nextSteps: ['deploy'] }),
  alma_get_session_handoff: () => ({ agent: 'coder' }),
  alma_create_work_item: () => ({ title: 'Deploy', agent: 'coder', priority: 70 }),
  alma_update_work_item: () => ({ id: ids['workItem'], status: 'in_progress' }),
  alma_list_work_items: () => ({ agent: 'coder' }),
  alma_get_next_work_item: () => ({ agent: 'coder' }),
  alma_progress_summary: () => ({ agent: 'coder' }),
  alma_prune: () => ({ agent: 'coder' }),
  alma_memory_health: () => ({}),
  alma_assess_strategies: () => ({ agent: 'coder', context: 'fix a login bug', strategies: ['reproduce first', 'guess'] }),
  alma_learn_from_conversation: () => ({ agent: 'coder', messages: [{ role: 'user', content: 'I prefer short commit messages.' }], commit: false }),
  alma_graph_add_entity: () => ({ name: 'Ann', entityType: 'person' }),
  alma_graph_find_entities: () => ({ name: 'ann' }),
  alma_graph_add_relationship: () => ({ sourceId: ids['entity'], targetId: ids['entity'], relationType: 'mentors' }),
  alma_graph_neighbours: () => ({ entityId: ids['entity'] }),
  alma_graph_invalidate_relationship: () => ({ id: ids['relationship'] }),
  alma_graph_delete_entity: () => ({ id: ids['entity'] }),
};

/** One bad call per tool; none may write anything. */
const BAD: Record<string, Record<string, unknown>> = {
  alma_learn: { agent: 'coder', task: 'x', outcome: 'success', strategyUsed: 's', context: { tenantId: 'globex' } },
  alma_add_preference: { userId: 'ann', category: 'style', preference: '' },
  alma_add_knowledge: { agent: 'coder', domain: 'auth' },
  alma_retrieve: { agent: 'coder', task: 'x', scope: 'global' },
  alma_stats: { tenantId: 'globex' },
  alma_checkpoint: { context: run, nodeId: 'n', state: { big: 'x'.repeat(1_100_000) } },
  alma_get_resume_point: { runId: 7 },
  alma_list_checkpoints: { runId: 'run-1', limit: 0 },
  alma_merge_states: { context: run, states: [{ a: 1 }, { a: 'x' }], reducers: { a: 'sum' } },
  alma_cleanup_checkpoints: { runId: 'run-1', keepLatest: 'all' },
  alma_learn_from_workflow: { context: run, agent: 'coder', result: 'done', summary: 's' },
  alma_link_artifact: { memoryId: 'no-such-memory', artifactType: 'log', storageUrl: 'file:///tmp/x' },
  alma_get_artifacts: { memoryId: '' },
  alma_delete_memory: { memoryType: 'everything', id: 'x' },
  alma_forget: { olderThanDays: -1 },
  alma_start_session: { agent: 'coder', activeFiles: 'src/a.ts' },
  alma_update_session: { agent: 'nobody', decision: 'x' },
  alma_end_session: { agent: 'coder', lastAction: 'x', lastOutcome: 'fine' },
  alma_get_session_handoff: { agent: 'coder', limit: 100 },
  alma_create_work_item: { title: 'x', blockedBy: ['no-such-item'] },
  alma_update_work_item: { id: 'no-such-item', status: 'done' },
  alma_list_work_items: { status: 'sleeping' },
  alma_get_next_work_item: { strategy: 'random' },
  alma_progress_summary: { agent: 5 },
  alma_prune: { dryRun: 'no' },
  alma_memory_health: { agent: '' },
  alma_assess_strategies: { agent: 'coder', context: 'x', strategies: [] },
  alma_learn_from_conversation: { agent: 'coder', messages: [{ role: 'robot', content: 'hi' }] },
  alma_graph_add_entity: { name: 'Ann' },
  alma_graph_find_entities: { limit: 10_000 },
  alma_graph_add_relationship: { sourceId: 'nope', targetId: 'nope', relationType: 'x' },
  alma_graph_neighbours: { entityId: 'nope' },
  alma_graph_invalidate_relationship: { id: 'nope' },
  alma_graph_delete_entity: { id: '' },
};

describe('alma-mcp over stdio (real bin, SQLite)', () => {
  it('lists every tool with input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(HAPPY).sort());
    expect(Object.keys(BAD).sort()).toEqual(Object.keys(HAPPY).sort());
    for (const t of tools) {
      expect(t.description).toBeTruthy();
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('calls every tool (happy path)', async () => {
    for (const [name, args] of Object.entries(HAPPY)) {
      const result = await ok<Record<string, { id: string }>>(name, args());
      if (name === 'alma_add_preference') ids['preference'] = result['preference']?.id as string;
      if (name === 'alma_add_knowledge') ids['knowledge'] = result['knowledge']?.id as string;
      if (name === 'alma_create_work_item') ids['workItem'] = result['item']?.id as string;
      if (name === 'alma_graph_add_entity') ids['entity'] = result['entity']?.id as string;
      if (name === 'alma_graph_add_relationship') ids['relationship'] = result['relationship']?.id as string;
    }
    const stats = await ok<{ counts: Record<string, number>; workflowOutcomes: number }>('alma_stats', {});
    expect(stats.counts).toMatchObject({ outcome: 1, domain_knowledge: 1, user_preference: 0 });
    expect(stats.workflowOutcomes).toBe(1);
  });

  it('bad input to every tool is a tool error, writes nothing, and the server keeps running', async () => {
    const before = await snapshot();
    for (const [name, args] of Object.entries(BAD)) {
      const r = await call(name, args);
      expect({ name, isError: r.isError }).toEqual({ name, isError: true });
      expect((r.content[0] as { text: string }).text.length).toBeGreaterThan(10);
    }
    expect(await snapshot()).toEqual(before);
    expect((await client.listTools()).tools.length).toBe(Object.keys(HAPPY).length);
  });

  it('reads the stats and checkpoint resources', async () => {
    const stats = await client.readResource({ uri: 'alma://stats' });
    expect(JSON.parse((stats.contents[0] as { text: string }).text)).toMatchObject({ projectId: 'bin-test' });
    const timeline = await client.readResource({ uri: 'alma://runs/run-1/checkpoints' });
    const parsed = JSON.parse((timeline.contents[0] as { text: string }).text) as { checkpoints: Array<{ seq: number; state?: unknown }> };
    expect(parsed.checkpoints.length).toBe(1);
    expect(parsed.checkpoints[0]?.state).toBeUndefined();
    const seq = parsed.checkpoints[0]?.seq as number;
    const one = await client.readResource({ uri: `alma://runs/run-1/checkpoints/${seq}` });
    expect(JSON.parse((one.contents[0] as { text: string }).text)).toMatchObject({ seq, state: { n: [1, 2] } });
  });
});

describe('alma-mcp startup and HTTP (real bin)', () => {
  it('a missing config is one line on stderr and exit code 2', async () => {
    const r = await runBin(['--config', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('config file not found');
  });

  it('serves Streamable HTTP with a bearer token (401 without it)', async () => {
    const server = await startHttpBin(['--config', config, '--token', 'bin-secret-token', '--tenant', 'acme']);
    try {
      expect((await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
      const http = new Client({ name: 'bin-http', version: '1.0.0' });
      await http.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: 'Bearer bin-secret-token' } } }));
      const r = await http.callTool({ name: 'alma_stats', arguments: {} });
      expect(r.structuredContent).toMatchObject({ projectId: 'bin-test' });
      await http.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
