/**
 * Quick benchmark (not a test): `npm run bench -w @alma/storage-sqlite [-- --knn 100000]`.
 * Checkpoint write/read latency over 1,000 sequential operations on a file database, and top-5 similarity search
 * over N x 384 heuristics (default 10,000).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Heuristic, MemoryQuery } from '@alma/types';
import { SqliteStorage } from '../index.js';
import { vectorIndexTuning } from '../queries/vector-index.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const OPS = arg('ops', 1000);
const KNN = arg('knn', 10_000);
const DIM = 384;

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number).toFixed(3);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (n=${s.length})`;
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

function randomUnit(seed: number): Float32Array {
  let x = seed * 2654435761 + 1;
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    v[i] = x / 2147483648 - 0.5;
  }
  return v;
}

/** Brute force and the vec0 index, interleaved query by query so both see the same machine load. */
async function knnQueries(store: SqliteStorage): Promise<void> {
  const cases: Array<[string, (i: number) => MemoryQuery]> = [
    [`top-5 similarity over ${KNN} (one project)`, (i) => ({ scope: {}, projectId: 'proj', embedding: randomUnit(KNN + i), topK: 5 })],
    [`top-5 similarity, one agent (${KNN / 4} rows)`, (i) => ({ scope: {}, projectId: 'proj', agents: ['agent-1'], embedding: randomUnit(KNN + i), topK: 5 })],
  ];
  for (const [label, query] of cases) {
    const brute: number[] = [];
    const indexed: number[] = [];
    for (let i = 0; i < 40; i++) {
      Object.assign(vectorIndexTuning, { bruteForceMaxRows: Infinity });
      brute.push(...(await time(1, () => store.queryMemories('heuristic', query(i)))));
      Object.assign(vectorIndexTuning, { bruteForceMaxRows: 0, minFilteredFraction: 0 });
      indexed.push(...(await time(1, () => store.queryMemories('heuristic', query(i)))));
    }
    console.log(`${label}\n  brute force: ${stats(brute)}\n  vec0 index:  ${stats(indexed)}`);
  }
  Object.assign(vectorIndexTuning, { bruteForceMaxRows: 2000, minFilteredFraction: 0.3 });
  const recent = await time(50, () => store.queryMemories('heuristic', { scope: {}, projectId: 'proj', topK: 5 }));
  console.log(`top-5 newest (no embedding): ${stats(recent)}`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-bench-'));
  try {
    const store = new SqliteStorage({ path: path.join(dir, 'bench.db') });
    const state = JSON.stringify({ messages: Array.from({ length: 20 }, (_, i) => `message ${i} `.repeat(4)) });
    const hash = createHash('sha256').update(state).digest('hex');
    const scope = { tenantId: 'bench', workflowId: 'wf', runId: 'run' };
    const writes = await time(OPS, (i) =>
      store.saveCheckpoint({ id: `cp-${i}`, ...scope, nodeId: 'n', state, stateHash: hash, stateSizeBytes: state.length }),
    );
    console.log(`checkpoint write (file, ${state.length} B state): ${stats(writes)}`);
    console.log(`checkpoint read latest:      ${stats(await time(OPS, () => store.getLatestCheckpoint('run', scope)))}`);
    console.log(`checkpoint read by id:       ${stats(await time(OPS, (i) => store.getCheckpoint(`cp-${i}`, scope)))}`);
    console.log(`list 100 checkpoints:        ${stats(await time(100, () => store.listCheckpoints('run', scope)))}`);

    const t0 = performance.now();
    const batch = 1000;
    for (let start = 0; start < KNN; start += batch) {
      const records: Heuristic[] = [];
      for (let i = start; i < Math.min(KNN, start + batch); i++) {
        const when = new Date(1_700_000_000_000 + i);
        records.push({
          id: `h-${i}`, agent: `agent-${i % 4}`, projectId: 'proj', condition: `condition ${i}`, strategy: 'strategy',
          confidence: 0.5, occurrenceCount: 1, successCount: 1, lastValidated: when, createdAt: when,
          metadata: {}, embedding: randomUnit(i),
        });
      }
      await store.saveMemories('heuristic', records);
    }
    console.log(`inserted ${KNN} x ${DIM} heuristics in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await store.close();
    const t1 = performance.now();
    const indexed = new SqliteStorage({ path: path.join(dir, 'bench.db'), embeddingDim: DIM });
    console.log(`built the vec0 index (embeddingDim: ${DIM}) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    await knnQueries(indexed);
    await indexed.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
