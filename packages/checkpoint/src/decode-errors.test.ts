import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import {
  StorageError,
  type CheckpointListOptions,
  type CheckpointRecord,
  type ScopeFilter,
} from '@alma/types';
import { CheckpointManager } from './checkpoint-manager.js';
import { StateDecoder } from './decoder.js';
import { TipCache } from './tip-cache.js';
import { messages, runContext } from './test-support/fixtures.js';

/** A store whose reads can be tampered with: `forge` rewrites every record read, `hide` drops some from lists. */
class TamperingStore extends MemoryStorage {
  forge: (r: CheckpointRecord) => CheckpointRecord = (r) => r;
  hide: (r: CheckpointRecord) => boolean = () => false;
  override async getCheckpoint(id: string, scope: ScopeFilter): Promise<CheckpointRecord | undefined> {
    const record = await super.getCheckpoint(id, scope);
    return record && this.forge(record);
  }
  override async listCheckpoints(runId: string, scope: ScopeFilter, options?: CheckpointListOptions) {
    return (await super.listCheckpoints(runId, scope, options)).filter((r) => !this.hide(r)).map((r) => this.forge(r));
  }
}

async function deltaRun(storage: MemoryStorage, steps = 5) {
  const manager = new CheckpointManager(storage, { delta: { snapshotEvery: 10 } });
  const ctx = runContext();
  const ids: string[] = [];
  for (let i = 1; i <= steps; i++) ids.push((await manager.checkpoint(ctx, `n${i}`, { messages: messages(10 + i) })).checkpoint.id);
  return { ctx, ids, manager };
}

describe('decoding refuses anything but the exact state', () => {
  it('names a delta whose rebuilt state does not match its hash', async () => {
    const storage = new TamperingStore();
    const { ids } = await deltaRun(storage);
    storage.forge = (r) => (r.id === ids[2] ? { ...r, state: r.state.replace('"a":', '"s":{"x":1},"a":') } : r);
    const read = new CheckpointManager(storage).getCheckpoint(ids[3] as string);
    await expect(read).rejects.toBeInstanceOf(StorageError);
    await expect(read).rejects.toThrow(/cannot be decoded: the reconstructed state does not match its stateHash/);
  });

  it('names a delta that is not valid', async () => {
    const storage = new TamperingStore();
    const { ids } = await deltaRun(storage);
    storage.forge = (r) => (r.id === ids[4] ? { ...r, state: '{"a":' } : r);
    await expect(new CheckpointManager(storage).getCheckpoint(ids[4] as string)).rejects.toThrow(/not valid JSON/);
    storage.forge = (r) => (r.id === ids[3] ? { ...r, state: '{"b":1,"d":[7]}' } : r);
    await expect(new CheckpointManager(storage).getCheckpoint(ids[4] as string)).rejects.toThrow(/malformed/);
  });

  it('names a chain whose snapshot or links are missing', async () => {
    const storage = new TamperingStore();
    const { ids, ctx } = await deltaRun(storage);
    storage.hide = (r) => r.id === ids[0];
    await expect(new CheckpointManager(storage).getCheckpoint(ids[2] as string)).rejects.toThrow(/snapshot \(seq 1\) is missing/);
    storage.hide = (r) => r.id === ids[1];
    await expect(new CheckpointManager(storage).getCheckpoint(ids[2] as string)).rejects.toThrow(/chain is broken/);
    storage.hide = (r) => r.id === ids[2];
    await expect(new CheckpointManager(storage).getCheckpoint(ids[2] as string)).rejects.toThrow(/not in its own delta chain/);
    storage.hide = () => false;
    await expect(new CheckpointManager(storage).listCheckpoints(ctx.runId as string)).resolves.toHaveLength(5);
  });

  it('fails a list read with a corrupt row instead of returning it', async () => {
    const storage = new TamperingStore();
    const { ids, ctx } = await deltaRun(storage);
    storage.forge = (r) => (r.id === ids[0] ? { ...r, state: r.state.replace('Message', 'Massage') } : r);
    await expect(new CheckpointManager(storage).listCheckpoints(ctx.runId as string)).rejects.toThrow(/corrupt/);
  });

  it('a writer whose branch tip cannot be decoded starts a new chain with a snapshot', async () => {
    const storage = new TamperingStore();
    const { ids, ctx } = await deltaRun(storage);
    storage.hide = (r) => r.id === ids[0];
    const writer = new CheckpointManager(storage);
    const next = await writer.checkpoint(ctx, 'n6', { messages: messages(16) });
    expect(next.checkpoint.encoding).toBeUndefined();
    storage.hide = () => false;
    const after = await writer.checkpoint(ctx, 'n7', { messages: messages(17) });
    expect(after.checkpoint.encoding).toBe('delta');
    expect((await new CheckpointManager(storage).getCheckpoint(after.checkpoint.id))?.state).toEqual({ messages: messages(17) });
  });

  it('decodes long chains across several list pages, and with deltas off writes full states', async () => {
    const storage = new MemoryStorage();
    const manager = new CheckpointManager(storage, { delta: { snapshotEvery: 100 } });
    const ctx = runContext();
    const blob = 'x'.repeat(200);
    let last = '';
    for (let i = 1; i <= 25; i++) last = (await manager.checkpoint(ctx, 'n', { blob, n: i })).checkpoint.id;
    const record = (await storage.getCheckpoint(last, {})) as CheckpointRecord;
    expect(record.encoding).toBe('delta');
    const decoded = await new StateDecoder(storage, new TipCache(), 4).decode(record);
    expect(JSON.parse(decoded.text)).toEqual({ blob, n: 25 });
    expect(decoded.chain).toMatchObject({ snapshotSeq: 1, length: 24 });
    const off = new CheckpointManager(storage, { delta: { enabled: false } });
    const full = await off.checkpoint(ctx, 'n', { blob, n: 0 });
    expect(full.checkpoint.encoding).toBeUndefined();
  });
});
