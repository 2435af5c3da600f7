import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError, ValidationError, newId, type Heuristic } from '@alma/types';
import { MemoryStorage } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function heuristic(overrides: Partial<Heuristic> = {}): Heuristic {
  const now = new Date('2026-01-02T03:04:05.000Z');
  return {
    id: newId('heur'),
    agent: 'helena',
    projectId: 'p1',
    tenantId: 't1',
    condition: 'task type: forms',
    strategy: 'validate each field',
    confidence: 0.8,
    occurrenceCount: 4,
    successCount: 3,
    lastValidated: now,
    createdAt: now,
    embedding: Float32Array.from([0.5, 0.5, 0, 0]),
    metadata: { note: 'x' },
    ...overrides,
  };
}

describe('MemoryStorage persistPath', () => {
  it('keeps memories, checkpoints and links across instances', async () => {
    const path = join(dir, 'nested', 'alma.json');
    const first = new MemoryStorage({ persistPath: path });
    const h = heuristic();
    await first.saveMemory('heuristic', h);
    const cp = await first.saveCheckpoint({
      id: 'cp1', runId: 'r1', nodeId: 'n1', tenantId: 't1', state: '{"a":1}',
      stateHash: 'a'.repeat(64), stateSizeBytes: 7, metadata: {},
    });
    await first.saveArtifactLink({
      id: 'l1', memoryId: h.id, tenantId: 't1', artifactType: 'log', storageUrl: 's3://b/k', metadata: {}, createdAt: new Date(),
    });
    await first.close();

    const second = new MemoryStorage({ persistPath: path });
    const back = await second.getMemory('heuristic', h.id, { tenantId: 't1' });
    expect(back).toEqual(h);
    expect(back?.embedding).toBeInstanceOf(Float32Array);
    expect(back?.lastValidated).toBeInstanceOf(Date);
    expect(await second.getLatestCheckpoint('r1', { tenantId: 't1' })).toEqual(cp);
    expect(await second.getArtifactLinks(h.id, { tenantId: 't1' })).toHaveLength(1);
    // The next seq continues from the loaded state.
    const next = await second.saveCheckpoint({
      id: 'cp2', runId: 'r1', nodeId: 'n2', tenantId: 't1', state: '{}', stateHash: 'b'.repeat(64), stateSizeBytes: 2, metadata: {},
    });
    expect(next.seq).toBe(2);
  });

  it('writes atomically: no temp files are left and the file is always complete JSON', async () => {
    const path = join(dir, 'atomic.json');
    const store = new MemoryStorage({ persistPath: path });
    for (let i = 0; i < 20; i++) await store.saveMemory('heuristic', heuristic());
    expect(readdirSync(dir).filter((f) => f.startsWith('atomic.json.'))).toEqual([]);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { tables: Record<string, unknown[]> };
    expect(parsed.tables['memory:heuristic']).toHaveLength(20);
  });

  it('does not snapshot a write that failed validation', async () => {
    const path = join(dir, 'failed.json');
    const store = new MemoryStorage({ persistPath: path });
    await store.saveMemory('heuristic', heuristic());
    const before = readFileSync(path, 'utf8');
    await expect(store.saveMemory('heuristic', heuristic({ confidence: 7 }))).rejects.toBeInstanceOf(ValidationError);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('rejects corrupt or foreign snapshot files with a StorageError naming the file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(() => new MemoryStorage({ persistPath: bad })).toThrow(StorageError);
    writeFileSync(bad, JSON.stringify({ format: 99, tables: {} }));
    expect(() => new MemoryStorage({ persistPath: bad })).toThrow(/unknown format/);
    writeFileSync(bad, JSON.stringify({ format: 1, tables: { nope: [] } }));
    expect(() => new MemoryStorage({ persistPath: bad })).toThrow(/unknown table 'nope'/);
    writeFileSync(bad, JSON.stringify({ format: 1, tables: { 'memory:heuristic': [{ id: 'x' }] } }));
    expect(() => new MemoryStorage({ persistPath: bad })).toThrow(ValidationError);
  });

  it('rejects bad options', () => {
    expect(() => new MemoryStorage({ persistPath: '' })).toThrow(ValidationError);
    expect(() => new MemoryStorage({ nope: 1 } as never)).toThrow(ValidationError);
  });

  it('uses the injected clock for store-assigned times', async () => {
    const at = new Date('2030-05-05T00:00:00.000Z');
    const store = new MemoryStorage({ now: () => at });
    const h = heuristic({ tenantId: undefined });
    await store.saveMemory('heuristic', h);
    expect(await store.incrementHeuristicOccurrence(h.id, true, {})).toBe(true);
    const back = await store.getMemory('heuristic', h.id, {});
    expect(back).toMatchObject({ occurrenceCount: 5, successCount: 4, lastValidated: at });
    const cp = await store.saveCheckpoint({
      id: 'c', runId: 'r', nodeId: 'n', state: '{}', stateHash: 'c'.repeat(64), stateSizeBytes: 2, metadata: {},
    });
    expect(cp.createdAt).toEqual(at);
  });
});
