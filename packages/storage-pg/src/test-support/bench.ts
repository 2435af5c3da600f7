/**
 * Storage-level latencies of PostgresStorage, for the numbers in the package report (speed targets live in
 * @alma/bench, never in timed unit tests). Run from packages/storage-pg:
 *
 *   node --conditions=@alma/source --import tsx src/test-support/bench.ts [memories=10000] [dim=384]
 *
 * Medians and p95 over sequential calls: checkpoint write (1 KB state), latest-checkpoint read, read by id; then
 * similarity queries (KNN) over N memories of one type with 384-dimension embeddings, scoped to a tenant and agent.
 * Works in a fresh schema and drops it.
 */
import { createHash } from 'node:crypto';
import { PostgresStorage } from '../index.js';
import { adminClient, dropSchemas, PG_URL, uniqueSchema } from './pg.js';

const memories = Number(process.argv[2] ?? 10_000);
const dim = Number(process.argv[3] ?? 384);
const percentile = (xs: number[], p: number): string => ([...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)] ?? NaN).toFixed(3);
async function time(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  console.log(`${label.padEnd(44)} n=${String(n).padEnd(5)} median ${percentile(samples, 0.5)} ms  p95 ${percentile(samples, 0.95)} ms`);
}

const admin = adminClient();
const schema = uniqueSchema('bench');
const store = await PostgresStorage.open({ url: PG_URL, schema, embeddingDim: dim });
try {
  const state = JSON.stringify({ blob: 'x'.repeat(1000) });
  const ck = (id: string, runId: string) => ({
    id, tenantId: 'acme', workflowId: 'wf', runId, nodeId: 'n', state,
    stateHash: createHash('sha256').update(state).digest('hex'), stateSizeBytes: state.length,
  });
  for (let i = 0; i < 50; i++) await store.saveCheckpoint(ck(`warm-${i}`, `warm-${i % 5}`));
  await time('checkpoint write (1 KB state)', 1000, (i) => store.saveCheckpoint(ck(`c${i}`, `run-${i % 50}`)));
  await admin`ANALYZE ${admin(schema)}.alma_checkpoints`;
  await time('checkpoint read: latest of the run', 1000, (i) => store.getLatestCheckpoint(`run-${i % 50}`, { tenantId: 'acme' }));
  await time('checkpoint read: by id', 1000, (i) => store.getCheckpoint(`c${i}`, { tenantId: 'acme' }));

  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const vector = () => Float32Array.from({ length: dim }, random);
  const now = Date.now();
  const t0 = performance.now();
  for (let from = 0; from < memories; from += 1000) {
    await store.saveMemories('heuristic', Array.from({ length: Math.min(1000, memories - from) }, (_, k) => {
      const i = from + k;
      return {
        id: `h${i}`, tenantId: i % 10 === 0 ? 'globex' : 'acme', agent: i % 10 === 1 ? 'reviewer' : 'coder', projectId: 'p',
        condition: `condition ${i}`, strategy: `strategy ${i}`, confidence: 0.5, occurrenceCount: 3, successCount: 2,
        lastValidated: new Date(now - i * 1000), createdAt: new Date(now), metadata: {}, embedding: vector(),
      };
    }));
  }
  console.log(`seeded ${memories} memories (${dim} dims, HNSW maintained) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await admin`ANALYZE ${admin(schema)}.alma_heuristics`;
  const scoped = { scope: { tenantId: 'acme' }, projectId: 'p', agents: ['coder'] };
  for (let i = 0; i < 20; i++) await store.queryMemories('heuristic', { ...scoped, embedding: vector() });
  await time(`KNN topK 5, tenant + agent scope, ${memories}`, 1000, () => store.queryMemories('heuristic', { ...scoped, embedding: vector(), topK: 5 }));
  await time(`KNN topK 15, tenant + agent scope, ${memories}`, 500, () => store.queryMemories('heuristic', { ...scoped, embedding: vector(), topK: 15 }));
  await time(`KNN topK 5, all tenants, ${memories}`, 500, () => store.queryMemories('heuristic', { scope: { allTenants: true }, embedding: vector(), topK: 5 }));
  await time('newest 200 records (no embedding query)', 200, () => store.queryMemories('heuristic', { ...scoped, topK: 200 }));
} finally {
  await store.close();
  await dropSchemas(admin, [schema]);
  await admin.end();
}
