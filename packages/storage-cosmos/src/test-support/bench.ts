// Checkpoint write/read latency against the Cosmos DB protocol server (@vercel/cosmosdb-server) on 127.0.0.1.
// Run: npm run bench -w @alma/storage-cosmos  [-- <iterations>]   (default 1000 sequential calls per operation)
import { createHash } from 'node:crypto';
import { newId } from '@alma/types';
import { CosmosStorage } from '../cosmos-storage.js';
import { startCosmosServer } from './cosmos-server.js';

const iterations = Number(process.argv[2] ?? 1000);

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `median ${at(0.5).toFixed(2)} ms  p95 ${at(0.95).toFixed(2)} ms  (n=${samples.length})`;
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const server = await startCosmosServer();
  const store = await CosmosStorage.open({ ...server.options(), databaseId: 'bench', embeddingDim: 8 });
  const scope = { tenantId: 'tenant-bench' };
  const state = JSON.stringify({ messages: ['hello'], step: 1, notes: 'x'.repeat(512) });
  const stateHash = createHash('sha256').update(state).digest('hex');
  const ids: string[] = [];
  const writes = await timed(iterations, async () => {
    const saved = await store.saveCheckpoint({
      id: newId('ckpt'),
      runId: 'run-bench',
      nodeId: 'node-a',
      tenantId: scope.tenantId,
      state,
      stateHash,
      stateSizeBytes: Buffer.byteLength(state),
      metadata: {},
    });
    ids.push(saved.id);
  });
  const latest = await timed(iterations, () => store.getLatestCheckpoint('run-bench', scope));
  const byIdInRun = await timed(iterations, (i) => store.getCheckpoint(ids[i] as string, { ...scope, runId: 'run-bench' }));
  const byId = await timed(iterations, (i) => store.getCheckpoint(ids[i] as string, scope));
  console.log(`@alma/storage-cosmos checkpoint latency, ${iterations} sequential calls each, vectorSearch=${store.capabilities.vectorSearch}`);
  console.log(`  saveCheckpoint                      ${stats(writes)}`);
  console.log(`  getLatestCheckpoint (run partition) ${stats(latest)}`);
  console.log(`  getCheckpoint, scope with runId     ${stats(byIdInRun)}`);
  console.log(`  getCheckpoint, tenant scope only    ${stats(byId)}`);
  await store.close();
  await server.close();
}

void main();
