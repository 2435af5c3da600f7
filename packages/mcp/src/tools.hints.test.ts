import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Harness } from './test-support/in-memory.js';

/**
 * What every tool promises a client, written out here on its own (not read from the code): [readOnly, destructive,
 * idempotent]. destructive = it may overwrite or delete existing records (MCP: false means only additive updates);
 * idempotent = the same call again has no further effect.
 */
const EXPECTED: Record<string, [readOnly: boolean, destructive: boolean, idempotent: boolean]> = {
  alma_retrieve: [true, false, true],
  alma_stats: [true, false, true],
  alma_get_resume_point: [true, false, true],
  alma_list_checkpoints: [true, false, true],
  alma_graph_find_entities: [true, false, true],
  alma_graph_neighbours: [true, false, true],
  alma_memory_health: [true, false, true],
  alma_assess_strategies: [true, false, true],
  alma_get_artifacts: [true, false, true],
  alma_list_work_items: [true, false, true],
  alma_get_next_work_item: [true, false, true],
  alma_progress_summary: [true, false, true],
  alma_get_session_handoff: [true, false, true],
  // additive, a repeat adds again
  alma_merge_states: [false, false, false],
  alma_graph_add_relationship: [false, false, false],
  alma_learn_from_workflow: [false, false, false],
  alma_link_artifact: [false, false, false],
  alma_create_work_item: [false, false, false],
  alma_start_session: [false, false, false],
  // additive and deduplicated
  alma_checkpoint: [false, false, true],
  alma_graph_add_entity: [false, false, true],
  alma_add_preference: [false, false, true],
  alma_add_knowledge: [false, false, true],
  // overwrite (or, learning, may evict beyond quotas)
  alma_learn: [false, true, false],
  alma_learn_from_conversation: [false, true, false],
  alma_update_session: [false, true, false],
  alma_end_session: [false, true, false],
  alma_update_work_item: [false, true, false],
  alma_graph_invalidate_relationship: [false, true, false],
  alma_prune: [false, true, false],
  // deletes: a repeat deletes nothing more
  alma_cleanup_checkpoints: [false, true, true],
  alma_graph_delete_entity: [false, true, true],
  alma_forget: [false, true, true],
  alma_delete_memory: [false, true, true],
};

let h: Harness;
beforeAll(async () => {
  h = await connect();
});
afterAll(() => h.close());

describe('tool annotations', () => {
  it('every tool states readOnly, destructive, idempotent and openWorld hints as the table says', async () => {
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const tool of tools) {
      const a = tool.annotations ?? {};
      expect({ name: tool.name, hints: [a.readOnlyHint, a.destructiveHint, a.idempotentHint], openWorld: a.openWorldHint }).toEqual({
        name: tool.name,
        hints: EXPECTED[tool.name],
        openWorld: false,
      });
    }
  });

  it('the tools marked idempotent writes really do not add a second record', async () => {
    const count = async () => (await h.ok<{ totalMemories: number }>('alma_stats')).totalMemories;
    await h.ok('alma_add_preference', { userId: 'u', category: 'style', preference: 'tabs' });
    await h.ok('alma_add_knowledge', { agent: 'a', domain: 'd', fact: 'the API is versioned' });
    const before = await count();
    await h.ok('alma_add_preference', { userId: 'u', category: 'style', preference: 'tabs' });
    await h.ok('alma_add_knowledge', { agent: 'a', domain: 'd', fact: 'the API is versioned' });
    expect(await count()).toBe(before);
    const first = await h.ok<{ entity: { id: string } }>('alma_graph_add_entity', { name: 'Ann', entityType: 'person' });
    const again = await h.ok<{ entity: { id: string } }>('alma_graph_add_entity', { name: 'Ann', entityType: 'person' });
    expect(again.entity.id).toBe(first.entity.id);
  });
});
