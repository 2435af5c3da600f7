import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { CheckpointManager } from './checkpoint-manager.js';
import { runContext } from './test-support/fixtures.js';

/** A chat message of about 200 bytes of canonical JSON. */
function message(i: number) {
  return {
    id: `msg-${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `Step ${i}: the agent looked at the ticket again, checked the logs and wrote down what it found so far.`,
    tokens: 20 + (i % 7),
  };
}

describe('linear storage', () => {
  it('stores a 1,000-step append-one-message run in about twice the final state, not 500 times', async () => {
    const storage = new MemoryStorage();
    const manager = new CheckpointManager(storage);
    const ctx = runContext({ tenantId: 'acme' });
    const runId = ctx.runId as string;
    const messages: ReturnType<typeof message>[] = [];
    const ids: string[] = [];
    for (let i = 1; i <= 1000; i++) {
      messages.push(message(i));
      const { checkpoint } = await manager.checkpoint(ctx, `step-${i}`, { messages, step: i, status: 'running' });
      ids.push(checkpoint.id);
    }
    const run = await storage.getRun(runId, { tenantId: 'acme' });
    const finalBytes = (await storage.getLatestCheckpoint(runId, { tenantId: 'acme' }))?.stateSizeBytes ?? 0;
    const stored = run?.storedBytes ?? 0;
    const full = run?.stateBytes ?? 0;
    const rows = await storage.listCheckpoints(runId, { tenantId: 'acme' }, { limit: 10_000 });
    const snapshots = rows.filter((c) => c.encoding !== 'delta');
    expect(rows.reduce((sum, c) => sum + Buffer.byteLength(c.state, 'utf8'), 0)).toBe(run?.storedBytes);
    process.stdout.write(
      `linear storage, 1000 steps: final state ${finalBytes} B; stored ${stored} B = ${(stored / finalBytes).toFixed(2)}x; ` +
        `full states would be ${full} B = ${(full / finalBytes).toFixed(1)}x; snapshots at seqs ${snapshots.map((c) => c.seq).join(',')}\n`,
    );
    expect(stored / finalBytes).toBeLessThanOrEqual(2.2);
    expect(full / finalBytes).toBeGreaterThan(450);
    const fresh = new CheckpointManager(storage);
    const resume = await fresh.getResumePoint(runId, ctx);
    expect(resume?.state).toEqual({ messages, step: 1000, status: 'running' });
    const middle = await fresh.getCheckpoint(ids[499] as string, ctx);
    expect(middle?.state).toEqual({ messages: messages.slice(0, 500), step: 500, status: 'running' });
  });
});
