import { afterAll, describe, expect, it } from '@jest/globals';
import { StorageError, type PortableRecord } from '@alma/types';
import { openConnection, type Connection } from './connection.js';
import { applyPending } from './migrations/runner.js';
import { EXPORT_BATCH, EXPORT_CHECKPOINT_BATCH, exportRecords } from './queries/export.js';
import { saveCheckpoint } from './queries/checkpoints.js';
import { saveMemories } from './queries/memories.js';
import { at, checkpoint, heuristic, storeFactory, vec } from './test-support/fixtures.js';

const stores = storeFactory('alma-sqlite-export-');
afterAll(() => stores.cleanup());

const HEURISTICS = EXPORT_BATCH * 2 + 17;
const CHECKPOINTS_PER_RUN = EXPORT_CHECKPOINT_BATCH + 13;
const RUNS = ['run-b', 'run-a', 'run-c'];

function seed(conn: Connection): void {
  const list = Array.from({ length: HEURISTICS }, (_, i) =>
    heuristic(`h-${String(i).padStart(5, '0')}`, i % 3 === 0 ? { embedding: vec(i, 1, 0) } : { tenantId: `t${i % 2}` }),
  );
  saveMemories(conn, 'heuristic', list);
  for (const runId of RUNS) {
    for (let i = 0; i < CHECKPOINTS_PER_RUN; i++) {
      saveCheckpoint(conn, checkpoint(`${runId}-${i}`, runId, { createdAt: at(i), ...(runId === 'run-c' ? { tenantId: 'tc' } : {}) }));
    }
  }
}

describe('exportRecords', () => {
  it('streams every table in pages, in import order, without duplicates or gaps', async () => {
    const conn = openConnection(':memory:', 1000);
    applyPending(conn.client);
    seed(conn);
    const pageSizes: number[] = [];
    const use = async <T>(fn: (c: Connection) => T): Promise<T> => {
      const result = fn(conn);
      if (Array.isArray(result)) pageSizes.push(result.length);
      return result;
    };
    const out: PortableRecord[] = [];
    for await (const record of exportRecords(use)) out.push(record);

    const heuristics = out.flatMap((r) => (r.kind === 'memory' ? [r.record.id] : []));
    expect(heuristics).toEqual([...heuristics].sort());
    expect(new Set(heuristics).size).toBe(HEURISTICS);
    const embedded = out.flatMap((r) => (r.kind === 'memory' && 'embedding' in r.record ? [r.record] : []));
    expect(embedded).toHaveLength(Math.ceil(HEURISTICS / 3));
    const checkpoints = out.flatMap((r) => (r.kind === 'checkpoint' ? [[r.record.runId, r.record.seq] as const] : []));
    expect(checkpoints).toEqual(
      [...RUNS].sort().flatMap((runId) => Array.from({ length: CHECKPOINTS_PER_RUN }, (_, i) => [runId, i + 1] as const)),
    );
    const runs = out.flatMap((r) => (r.kind === 'run' ? [r.record] : []));
    expect(runs.map((r) => [r.runId, r.checkpointCount])).toEqual([...RUNS].sort().map((id) => [id, CHECKPOINTS_PER_RUN]));
    const kinds = out.map((r) => r.kind);
    expect(kinds.lastIndexOf('memory')).toBeLessThan(kinds.indexOf('checkpoint'));
    expect(kinds.lastIndexOf('checkpoint')).toBeLessThan(kinds.indexOf('run'));
    // Never more than one page in memory.
    expect(Math.max(...pageSizes)).toBe(EXPORT_BATCH);
    expect(pageSizes.filter((n) => n > EXPORT_CHECKPOINT_BATCH).length).toBe(Math.floor(HEURISTICS / EXPORT_BATCH));
    conn.client.close();
  });

  it('lets the consumer write to the same store between records, and stops once the store is closed', async () => {
    const store = stores.file();
    for (let i = 0; i < 3; i++) await store.saveCheckpoint(checkpoint(`w-${i}`, 'writes', { createdAt: at(i) }));
    let written = 0;
    for await (const record of store.exportRecords()) {
      if (record.kind === 'checkpoint') await store.saveMemory('heuristic', heuristic(`during-${written++}`));
    }
    expect(written).toBe(3);
    await store.deleteCheckpoints('writes', {});
    const kinds = [];
    for await (const record of store.exportRecords()) kinds.push(record.kind);
    expect(kinds).toEqual(['memory', 'memory', 'memory']); // a deleted run exports neither checkpoints nor its row

    const closing = store.exportRecords();
    await store.close();
    await expect(closing.next()).rejects.toBeInstanceOf(StorageError);
  });
});
