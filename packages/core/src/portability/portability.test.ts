import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { StorageError, type StorageBackend } from '@alma/types';
import { antiPattern, BASE, heuristic, knowledge, outcome } from '../test-support/records.js';
import { exportToJsonl } from './export.js';
import { importFromJsonl } from './import.js';
import type { PortableStorage } from './types.js';

const at = (minutes: number): Date => new Date(BASE.getTime() + minutes * 60_000);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** One of everything, in two tenants, with embeddings, branches and a run status. */
async function seed(store: MemoryStorage): Promise<void> {
  const emb = Float32Array.from([0.1, -0.25, 1 / 3, 7e-8]);
  await store.saveMemory('heuristic', heuristic({ id: 'h1', embedding: emb, metadata: { note: 'quotes " and \\ and ☃' } }));
  await store.saveMemory('heuristic', heuristic({ id: 'h2', tenantId: 'acme', workflowId: 'wf' }));
  await store.saveMemory('outcome', outcome({ id: 'o1', embedding: emb, durationMs: 12 }));
  await store.saveMemory('domain_knowledge', knowledge({ id: 'k1' }));
  await store.saveMemory('anti_pattern', antiPattern({ id: 'a1' }));
  await store.saveMemory('user_preference', {
    id: 'p1', projectId: 'shop', userId: 'u', category: 'style', preference: 'short', source: 'explicit_instruction',
    confidence: 1, timestamp: BASE, metadata: {},
  });
  await store.saveWorkflowOutcome({
    id: 'wo1', workflowId: 'wf', runId: 'r1', agent: 'helena', projectId: 'shop', result: 'success', summary: 'ok',
    strategiesUsed: ['a'], successfulPatterns: [], failedPatterns: [], extractedHeuristics: [], extractedAntiPatterns: [],
    embedding: emb, metadata: {}, createdAt: BASE,
  });
  await store.saveArtifactLink({ id: 'l1', memoryId: 'h1', artifactType: 'log', storageUrl: 's3://b/k', metadata: {}, createdAt: BASE });
  await store.saveSessionHandoff({
    id: 's1', projectId: 'shop', agent: 'helena', sessionId: 'sess', lastAction: 'x', lastOutcome: 'success', currentGoal: 'g',
    keyDecisions: [], activeFiles: ['a.ts'], blockers: [], nextSteps: [], testStatus: { t: true }, confidenceLevel: 0.5,
    riskFlags: [], sessionStart: BASE, metadata: {}, createdAt: BASE,
  });
  await store.saveWorkItem({
    id: 'w1', projectId: 'shop', tenantId: 'acme', title: 'do', description: '', itemType: 'task', status: 'done', priority: 5,
    completedAt: at(3), timeSpentMs: 0, attemptCount: 1, blocks: [], blockedBy: [], tests: [], testsPassing: true,
    acceptanceCriteria: [], metadata: {}, createdAt: BASE, updatedAt: at(3),
  });
  await store.saveEntity({ id: 'e1', projectId: 'shop', name: 'Alice', entityType: 'person', properties: {}, createdAt: BASE });
  await store.saveEntity({ id: 'e2', projectId: 'shop', name: 'Acme', entityType: 'org', properties: {}, createdAt: BASE });
  await store.saveRelationship({
    id: 'rel1', projectId: 'shop', sourceId: 'e1', targetId: 'e2', relationType: 'works_at', properties: {}, confidence: 0.9,
    validFrom: BASE, createdAt: BASE,
  });
  const cp = (runId: string, nodeId: string, state: object, minutes: number, extra: Record<string, unknown> = {}) => {
    const text = JSON.stringify(state);
    return store.saveCheckpoint({
      id: `${runId}-${nodeId}-${minutes}`, runId, nodeId, state: text, stateHash: sha(text), stateSizeBytes: text.length,
      metadata: {}, createdAt: at(minutes), ...extra,
    });
  };
  await cp('r1', 'plan', { a: 1 }, 1, { workflowId: 'wf' });
  await cp('r1', 'left', { a: 2 }, 2, { workflowId: 'wf', branchId: 'L' });
  await cp('r1', 'right', { a: 3 }, 3, { workflowId: 'wf', branchId: 'R', encoding: 'delta' });
  await cp('r2', 'only', { b: 1 }, 4, { tenantId: 'acme' });
  await store.updateRun('r1', { status: 'completed', agent: 'helena', metadata: { ticket: 7 } }, {});
}

async function exportText(store: PortableStorage): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  await exportToJsonl(store, out, { now: () => BASE });
  out.end();
  return text;
}
const records = (text: string): string[] => text.trim().split('\n').slice(1).sort();
const seeded = async (): Promise<MemoryStorage> => {
  const store = new MemoryStorage();
  await seed(store);
  return store;
};

describe('exportToJsonl / importFromJsonl', () => {
  it('round trip: counts and contents equal', async () => {
    const source = await seeded();
    const first = await exportText(source);
    expect(first.split('\n')[0]).toBe(JSON.stringify({ alma_export: 1, exportedAt: BASE.toISOString(), source: 'memory' }));
    const progress: number[] = [];
    const target = new MemoryStorage();
    const result = await importFromJsonl(target, Readable.from([first]), { onProgress: (p) => progress.push(p.records) });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({
      memory: 6, workflow_outcome: 1, artifact_link: 1, session_handoff: 1, work_item: 1, entity: 2, relationship: 1,
      checkpoint: 4, run: 2,
    });
    expect(result).toMatchObject({ imported: 19, skipped: 0, lines: 20, stopped: false });
    expect(progress.at(-1)).toBe(19);
    expect(records(await exportText(target))).toEqual(records(first));
    const h1 = await target.getMemory('heuristic', 'h1', {});
    expect(h1?.embedding).toEqual(Float32Array.from([0.1, -0.25, 1 / 3, 7e-8]));
    expect(h1?.lastValidated).toEqual(BASE);
    expect(await target.getRun('r1', {})).toMatchObject({ status: 'completed', agent: 'helena', branches: ['L', 'R'] });
    expect((await target.listCheckpoints('r1', {})).map((c) => c.seq)).toEqual([1, 2, 3]);
  });

  it('reports progress per record and waits for a slow writer', async () => {
    const source = await seeded();
    const lines: string[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        setImmediate(done);
      },
    });
    const seen: string[] = [];
    const summary = await exportToJsonl(source, slow, { onProgress: (p) => seen.push(p.kind) });
    expect(summary.records).toBe(19);
    expect(summary.counts.checkpoint).toBe(4);
    expect(lines).toHaveLength(20);
    expect(seen[0]).toBe('memory');
    expect(seen.at(-1)).toBe('run');
  });

  it('conflicts: errors with line numbers by default, skipped with onConflict skip', async () => {
    const text = await exportText(await seeded());
    const target = await seeded();
    const strict = await importFromJsonl(target, Readable.from([text]));
    expect(strict.imported).toBe(0);
    expect(strict.errors).toHaveLength(19);
    expect(strict.errors[0]).toMatchObject({ line: 2, kind: 'memory' });
    expect(strict.errors.at(-1)).toMatchObject({ kind: 'run', message: expect.stringMatching(/checkpoints failed/) });
    const lenient = await importFromJsonl(target, Readable.from([text]), { onConflict: 'skip' });
    expect(lenient).toMatchObject({ imported: 0, skipped: 19, errors: [] });
  });

  it('writes consecutive memories in batches of one saveMemories call; a failed batch is replayed line by line', async () => {
    const header = JSON.stringify({ alma_export: 1, exportedAt: BASE.toISOString() });
    const line = (id: string, type = 'heuristic') =>
      JSON.stringify({ kind: 'memory', type, record: type === 'heuristic' ? heuristic({ id }) : knowledge({ id }) });
    const ids = Array.from({ length: 1200 }, (_, i) => `h${i}`);
    const input = [header, ...ids.map((id) => line(id)), line('k1', 'domain_knowledge'), line('h1200')].join('\n');
    const calls = (store: MemoryStorage) => {
      const seen = { batches: [] as number[], single: 0 };
      const batch = store.saveMemories.bind(store);
      const single = store.saveMemory.bind(store);
      store.saveMemories = (async (type, list) => (seen.batches.push(list.length), batch(type, list))) as typeof store.saveMemories;
      store.saveMemory = (async (type, record) => (seen.single++, single(type, record))) as typeof store.saveMemory;
      return seen;
    };
    const target = new MemoryStorage();
    const seen = calls(target);
    const progress: Array<[number, number]> = [];
    const result = await importFromJsonl(target, Readable.from([input]), { onProgress: (p) => progress.push([p.records, p.skipped]) });
    expect(result).toMatchObject({ imported: 1202, errors: [] });
    expect(seen).toEqual({ batches: [500, 500, 200, 1, 1], single: 0 });
    expect(progress.at(-1)).toEqual([1202, 0]);
    expect(await target.getMemory('heuristic', 'h1199', {})).toBeDefined();

    // Again into the same store: every batch conflicts, rolls back and is replayed per record.
    const again = calls(target);
    const strict = await importFromJsonl(target, Readable.from([input]), { maxErrors: 10_000 });
    expect(strict.imported).toBe(0);
    expect(strict.errors.map((e) => e.line)).toEqual(Array.from({ length: 1202 }, (_, i) => i + 2));
    expect(again.single).toBe(1202);
    const lenient = await importFromJsonl(target, Readable.from([input]), { onConflict: 'skip', onProgress: (p) => progress.push([p.records, p.skipped]) });
    expect(lenient).toMatchObject({ imported: 0, skipped: 1202, errors: [] });
    expect(progress.at(-1)).toEqual([0, 1202]);

    // A batch with one existing record: the others still import, the duplicate is reported at its own line.
    const partial = new MemoryStorage();
    await partial.saveMemory('heuristic', heuristic({ id: 'h7' }));
    const mixed = await importFromJsonl(partial, Readable.from([input]));
    expect(mixed.imported).toBe(1201);
    expect(mixed.errors).toEqual([expect.objectContaining({ line: 9, kind: 'memory', id: 'h7' })]);

    // batchSize 1, or a store without transactions: one call per record.
    const one = new MemoryStorage();
    const oneSeen = calls(one);
    await importFromJsonl(one, Readable.from([input]), { batchSize: 1 });
    expect(oneSeen).toEqual({ batches: [], single: 1202 });
    const noTx = new MemoryStorage();
    Object.defineProperty(noTx, 'capabilities', { value: { ...noTx.capabilities, transactions: false } });
    const noTxSeen = calls(noTx);
    await importFromJsonl(noTx, Readable.from([input]));
    expect(noTxSeen.batches).toEqual([]);
  });

  it('malformed lines are errors naming the line; the rest imports', async () => {
    const header = JSON.stringify({ alma_export: 1, exportedAt: BASE.toISOString() });
    const good = (id: string) => JSON.stringify({ kind: 'entity', record: { id, projectId: 'p', name: 'n', entityType: 't', createdAt: BASE } });
    const input = [
      header, good('x1'), '{not json', JSON.stringify({ kind: 'alien', record: {} }),
      JSON.stringify({ kind: 'memory', record: { id: 'm' } }),
      JSON.stringify({ kind: 'memory', type: 'heuristic', record: { ...heuristic({ id: 'bad' }), confidence: 2 } }), '',
      JSON.stringify({ kind: 'run', record: { runId: 'ghost', status: 'failed', metadata: {}, checkpointCount: 0, latestSeq: 0, stateBytes: 0, storedBytes: 0, branches: [], firstAt: BASE, lastAt: BASE } }),
      good('x2'),
    ].join('\r\n');
    const store = new MemoryStorage();
    const result = await importFromJsonl(store, Readable.from([input]));
    expect(result.counts.entity).toBe(2);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(result.errors[0]?.message).toMatch(/not valid JSON/);
    expect(result.errors[1]?.message).toMatch(/kind/);
    expect(result.errors[2]?.message).toMatch(/memory type/);
    expect(result.errors[3]?.message).toMatch(/confidence/);
    expect(result.warnings).toEqual([expect.objectContaining({ line: 8, kind: 'run', id: 'ghost' })]);
    const capped = await importFromJsonl(new MemoryStorage(), Readable.from([input]), { maxErrors: 2 });
    expect(capped).toMatchObject({ stopped: true, lines: 4 });
  });

  it('refuses input that is not an export, or a newer format', async () => {
    const store = new MemoryStorage();
    await expect(importFromJsonl(store, Readable.from(['']))).rejects.toThrow(/line 1: not an ALMA export/);
    await expect(importFromJsonl(store, Readable.from(['{"kind":"entity"}\n']))).rejects.toThrow(/not an ALMA export/);
    await expect(importFromJsonl(store, Readable.from(['[1,2]\n']))).rejects.toThrow(/not an ALMA export/);
    await expect(importFromJsonl(store, Readable.from(['{"alma_export":9}\n']))).rejects.toThrow(/format 9 is newer/);
  });

  it('a store without contract v2 methods gets a clear StorageError', async () => {
    const full = await seeded();
    const text = await exportText(full);
    const v1 = new Proxy(new MemoryStorage(), {
      get: (target, key) => (['exportRecords', 'restoreCheckpoint', 'updateRun'].includes(String(key)) ? undefined : Reflect.get(target, key, target)),
    }) as unknown as StorageBackend;
    await expect(exportToJsonl(v1, new PassThrough())).rejects.toThrow(StorageError);
    await expect(exportToJsonl(v1, new PassThrough())).rejects.toThrow(/does not implement exportRecords\(\)/);
    await expect(importFromJsonl(v1, Readable.from([text]))).rejects.toThrow(/restoreCheckpoint\(\).*upgrade/);
    const runOnly = `${text.split('\n')[0]}\n${text.trim().split('\n').at(-1)}\n`;
    await expect(importFromJsonl(v1, Readable.from([runOnly]))).rejects.toThrow(/updateRun\(\)/);
  });
});
