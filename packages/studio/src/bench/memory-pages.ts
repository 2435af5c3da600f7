// How the memories page behaves on a large store: `npm run bench -w @alma/studio [-- --memories 100000]`.
// Seeds a SQLite file with N heuristics of one tenant (384-dimension embeddings, as the default embedder writes) plus
// N/10 of another, then times the page's API calls in-process (no socket), median of 5, and the heap they add.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Heuristic } from '@alma/types';
import { apiClient } from '../test-support/api.js';
import { openStore } from '../test-support/seed.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

const N = arg('memories', 100_000);
const DIM = 384;
const WORDS = ['retry', 'cache', 'schema', 'postgres', 'sqlite', 'queue', 'index', 'vector', 'branch', 'merge', 'deploy', 'docs'];

function heuristic(i: number, tenantId: string): Heuristic {
  const embedding = new Float32Array(DIM);
  for (let d = 0; d < DIM; d++) embedding[d] = Math.sin(i * 13 + d) / 10;
  const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length] as string;
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  return {
    id: `heur-${tenantId}-${i}`, agent: `agent-${i % 20}`, projectId: 'shop', tenantId,
    condition: `task type: ${w(1)}`, strategy: `${w(2)} then ${w(3)} with ${w(4)} #${i}`,
    confidence: (i % 100) / 100, occurrenceCount: 1 + (i % 9), successCount: i % 9, lastValidated: t, createdAt: t, embedding, metadata: {},
  };
}

/** First call (cold: a scan reads the store) and the median of the next four (a cached scan is reused). */
async function timed(label: string, run: () => Promise<Response>): Promise<void> {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  const heap = process.memoryUsage().heapUsed;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const res = await run();
    bytes = (await res.text()).length;
    times.push(performance.now() - t0);
    status = res.status;
  }
  const [first, ...rest] = times;
  const median = [...rest].sort((a, b) => a - b)[2] ?? 0;
  const heapMb = (process.memoryUsage().heapUsed - heap) / 1024 ** 2;
  console.log(`| ${label} | ${status} | ${first?.toFixed(0)} ms | ${median.toFixed(0)} ms | ${(bytes / 1024).toFixed(1)} kB | ${heapMb.toFixed(0)} MB |`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alma-studio-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const t0 = performance.now();
    const store = openStore(path);
    for (const [tenant, count] of [['acme', N], ['globex', Math.ceil(N / 10)]] as const) {
      for (let i = 0; i < count; i += 1000) {
        await store.saveMemories('heuristic', Array.from({ length: Math.min(1000, count - i) }, (_, k) => heuristic(i + k, tenant)));
      }
    }
    await store.close();
    console.log(`seeded ${N} + ${Math.ceil(N / 10)} heuristics in ${((performance.now() - t0) / 1000).toFixed(1)} s; file ${(statSync(path).size / 1024 ** 2).toFixed(0)} MB\n`);
    const api = apiClient(path, { tenantId: 'acme' });
    console.log('| request (tenant acme) | status | first call | median of next 4 | answer | heap after |');
    console.log('|---|---|---|---|---|---|');
    await timed('first page, store order', () => api.get('/api/memories'));
    await timed('page at offset 10,000', () => api.get('/api/memories?offset=10000'));
    await timed('page at offset 90,000', () => api.get('/api/memories?offset=90000'));
    await timed('one agent, first page', () => api.get('/api/memories?agent=agent-3'));
    await timed('text filter', () => api.get('/api/memories?text=%23777'));
    await timed('sort by confidence', () => api.get('/api/memories?sort=confidence&order=asc'));
    await timed('sort by confidence, page at offset 50,000', () => api.get('/api/memories?sort=confidence&order=asc&offset=50000'));
    await timed('health counts', () => api.get('/api/health'));
    await api.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
