import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, type Harness } from './test-support/in-memory.js';

let h: Harness;
afterEach(async () => h?.close());

const read = async (uri: string) => {
  const r = await h.client.readResource({ uri });
  const first = r.contents[0] as { text: string; mimeType?: string; uri: string };
  expect(first.mimeType).toBe('application/json');
  return JSON.parse(first.text) as Record<string, unknown>;
};

describe('resources', () => {
  it('lists alma://stats and the run templates', async () => {
    h = await connect();
    expect((await h.client.listResources()).resources.map((r) => r.uri)).toEqual([
      'alma://stats',
      'alma://memories/heuristic',
      'alma://memories/outcome',
      'alma://memories/user_preference',
      'alma://memories/domain_knowledge',
      'alma://memories/anti_pattern',
    ]);
    expect((await h.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'alma://runs/{runId}/checkpoints',
      'alma://runs/{runId}/checkpoints/{seq}',
      'alma://memories/{type}',
    ]);
  });

  it('alma://memories/{type} pages through the tenant\'s memories of a type, newest first, without embeddings', async () => {
    h = await connect({ tenantId: 't1', maxPageSize: 2 });
    for (let i = 0; i < 5; i++) await h.ok('alma_add_knowledge', { agent: 'a', domain: 'd', fact: `fact number ${i}` });
    const other = await connect({ tenantId: 't2' });
    try {
      await other.ok('alma_add_knowledge', { agent: 'a', domain: 'd', fact: 'a fact of another tenant' });
    } finally {
      await other.close();
    }
    const facts: string[] = [];
    let uri: string | undefined = 'alma://memories/domain_knowledge';
    let pages = 0;
    while (uri) {
      const page = await read(uri);
      pages++;
      const memories = page['memories'] as Array<Record<string, unknown>>;
      expect(memories.length).toBeLessThanOrEqual(2);
      for (const m of memories) {
        expect(m).not.toHaveProperty('embedding');
        expect(m['tenantId']).toBe('t1');
        facts.push(m['fact'] as string);
      }
      uri = page['next'] as string | undefined;
      if (uri) expect(uri).toBe(`alma://memories/domain_knowledge?cursor=${page['nextCursor'] as string}`);
    }
    expect(pages).toBe(3);
    expect(facts.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `fact number ${i}`));
    expect(await read('alma://memories/heuristic')).toEqual({ type: 'heuristic', memories: [] });
    await expect(h.client.readResource({ uri: 'alma://memories/nonsense' })).rejects.toThrow(/type must be one of/);
    await expect(h.client.readResource({ uri: 'alma://memories/outcome?cursor=-3' })).rejects.toThrow(/cursor/);
  });

  it('alma://stats follows the server tenant', async () => {
    h = await connect({ tenantId: 't1' });
    await h.ok('alma_add_preference', { userId: 'u', category: 'c', preference: 'short answers' });
    expect(await read('alma://stats')).toMatchObject({ totalMemories: 1, counts: { user_preference: 1 } });
  });

  it("a run's timeline has no states; one checkpoint by seq has its state", async () => {
    h = await connect({ maxPageSize: 2 });
    const ctx = { workflowId: 'wf', runId: 'run 1/a' };
    for (let i = 1; i <= 3; i++) await h.ok('alma_checkpoint', { context: ctx, nodeId: `n${i}`, state: { i } });
    const runUri = `alma://runs/${encodeURIComponent('run 1/a')}/checkpoints`;
    const timeline = await read(runUri);
    expect(timeline).toMatchObject({ runId: 'run 1/a', truncated: true });
    const entries = timeline['checkpoints'] as Array<Record<string, unknown>>;
    expect(entries.map((e) => e['seq'])).toEqual([2, 3]);
    expect(Object.keys(entries[0] ?? {}).sort()).toEqual(['createdAt', 'id', 'nodeId', 'parentCheckpointId', 'runId', 'seq', 'stateSizeBytes', 'workflowId']);

    expect(await read(`${runUri}/1`)).toMatchObject({ seq: 1, nodeId: 'n1', state: { i: 1 } });
    expect(await read('alma://runs/unknown/checkpoints')).toEqual({ runId: 'unknown', checkpoints: [], truncated: false });
    await expect(h.client.readResource({ uri: `${runUri}/0` })).rejects.toThrow(/seq must be a positive integer/);
    await expect(h.client.readResource({ uri: `${runUri}/9` })).rejects.toThrow(/not found/);
    await expect(h.client.readResource({ uri: 'alma://runs/%E0%A4%A/checkpoints' })).rejects.toThrow(/percent-encoding/);
  });
});
