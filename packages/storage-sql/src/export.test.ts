import { describe, expect, it } from '@jest/globals';
import { MEMORY_TYPES, type CheckpointRecord, type MemoryType, type PortableRecord } from '@alma/types';
import { EXPORT_BATCH, EXPORT_CHECKPOINT_BATCH, exportRecords, keysetPages, type ExportReaders, type PageReader } from './export.js';
import { artifact, checkpoint, entity, handoff, heuristic, relationship, workflowOutcome, workItem } from './test-support/fixtures.js';

/** A reader over an in-memory sorted list, counting the pages it serves. */
function listReader<R, K>(rows: R[], keyOf: (r: R) => K, after: (k: K, a: K) => boolean, pages: number[]): PageReader<string, R, K> {
  return (conn, from, limit) => {
    expect(conn).toBe('conn');
    const page = rows.filter((r) => from === undefined || after(keyOf(r), from)).slice(0, limit);
    pages.push(page.length);
    return Promise.resolve(page);
  };
}

describe('keysetPages', () => {
  it('reads page after page from the last key until a short page', async () => {
    const calls: Array<[number | undefined, number]> = [];
    const rows = Array.from({ length: 7 }, (_, i) => i);
    const load = async (after: number | undefined, limit: number) => {
      calls.push([after, limit]);
      return rows.filter((r) => after === undefined || r > after).slice(0, limit);
    };
    const out: number[] = [];
    for await (const r of keysetPages(load, 3, (r) => r)) out.push(r);
    expect(out).toEqual(rows);
    expect(calls).toEqual([[undefined, 3], [2, 3], [5, 3]]);
    const exact: number[] = [];
    for await (const r of keysetPages(async (after: number | undefined) => (after === undefined ? [1, 2] : []), 2, (r) => r)) exact.push(r);
    expect(exact).toEqual([1, 2]);
  });
});

describe('exportRecords', () => {
  it('streams every kind in import order, a page at a time, naming what it reads', async () => {
    const heuristics = Array.from({ length: EXPORT_BATCH + 3 }, (_, i) => heuristic({ id: `h-${String(i).padStart(4, '0')}` }));
    const checkpoints = Array.from({ length: EXPORT_CHECKPOINT_BATCH + 1 }, (_, i) => checkpoint({ id: `c${i}`, runId: i % 2 ? 'b' : 'a', seq: i + 1 }))
      .sort((x, y) => x.runId.localeCompare(y.runId) || x.seq - y.seq);
    const pages: number[] = [];
    const byId = <R extends { id: string }>(rows: R[]) => listReader(rows, (r) => r.id, (k, a) => k > a, pages);
    const run = { runId: 'a', status: 'running' as const, metadata: {}, checkpointCount: 1, latestSeq: 1, stateBytes: 1, storedBytes: 1, branches: [], firstAt: new Date(0), lastAt: new Date(0) };
    const readers: ExportReaders<string> = {
      memories: (type: MemoryType) => byId(type === 'heuristic' ? heuristics : []),
      workflowOutcomes: byId([workflowOutcome()]),
      artifactLinks: byId([artifact()]),
      sessionHandoffs: byId([handoff()]),
      workItems: byId([workItem()]),
      entities: byId([entity()]),
      relationships: byId([relationship()]),
      checkpoints: listReader(checkpoints, (c: CheckpointRecord) => ({ runId: c.runId, seq: c.seq }),
        (k, a) => k.runId > a.runId || (k.runId === a.runId && k.seq > a.seq), pages),
      runs: listReader([run], (r) => r.runId, (k, a) => k > a, pages),
    };
    const names: string[] = [];
    const out: PortableRecord[] = [];
    const read = async (what: string, fn: (conn: string) => unknown): Promise<unknown> => {
      names.push(what);
      return fn('conn');
    };
    for await (const record of exportRecords(read, readers)) out.push(record);

    expect(out.filter((r) => r.kind === 'memory').map((r) => r.record.id)).toEqual(heuristics.map((h) => h.id));
    expect(out.filter((r) => r.kind === 'checkpoint').map((r) => r.record.id)).toEqual(checkpoints.map((c) => c.id));
    expect([...new Set(out.map((r) => r.kind))]).toEqual([
      'memory', 'workflow_outcome', 'artifact_link', 'session_handoff', 'work_item', 'entity', 'relationship', 'checkpoint', 'run',
    ]);
    expect(Math.max(...pages)).toBe(EXPORT_BATCH);
    expect([...new Set(names)]).toEqual([
      'heuristics', 'outcomes', 'user preferences', 'domain knowledge records', 'anti-patterns', 'workflow outcomes',
      'artifact links', 'session handoffs', 'work items', 'entities', 'relationships', 'checkpoints', 'runs',
    ]);
    expect(names.filter((n) => n === 'heuristics')).toHaveLength(2);
    expect(names.filter((n) => n === 'checkpoints')).toHaveLength(2);
    expect(MEMORY_TYPES).toHaveLength(5);
  });
});
