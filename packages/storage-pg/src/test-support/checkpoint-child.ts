/**
 * Child process of the multi-process test: `checkpoint-child.ts <url> <schema> <runId> <count> <workerId>`. Opens its
 * own PostgresStorage (own pool), prints `ready`, waits for `go`, saves <count> checkpoints on the run as fast as it
 * can, then prints `{"seqs":[...]}`.
 */
import { createHash } from 'node:crypto';
import { PostgresStorage } from '../index.js';
import { waitForGo } from './go.js';

const [url, schema, runId, countArg, workerId] = process.argv.slice(2);

async function main(): Promise<void> {
  const storage = await PostgresStorage.open({ url: url as string, schema: schema as string, embeddingDim: 8, poolSize: 4 });
  await waitForGo();
  const count = Number(countArg);
  const seqs: number[] = [];
  // Four writers per process: concurrency inside each process as well as across processes.
  await Promise.all(
    Array.from({ length: 4 }, async (_, lane) => {
      for (let i = lane; i < count; i += 4) {
        const state = JSON.stringify({ workerId, i });
        const saved = await storage.saveCheckpoint({
          id: `cp-${workerId}-${i}`,
          workflowId: 'wf',
          runId: runId as string,
          nodeId: `node-${workerId}`,
          state,
          stateHash: createHash('sha256').update(state).digest('hex'),
          stateSizeBytes: Buffer.byteLength(state),
        });
        seqs.push(saved.seq);
      }
    }),
  );
  await storage.close();
  process.stdout.write(`${JSON.stringify({ seqs })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
