/**
 * Child process of the multi-process test: `checkpoint-child.ts <dbPath> <runId> <count> <workerId>`.
 * Opens its own SqliteStorage, prints `ready`, waits for `go` on stdin, saves <count> checkpoints on the run as
 * fast as it can, then prints one line `{"seqs":[...]}` and exits.
 */
import * as readline from 'node:readline';
import { createHash } from 'node:crypto';
import { SqliteStorage } from '../index.js';

const [dbPath, runId, countArg, workerId] = process.argv.slice(2);

async function main(): Promise<void> {
  const storage = new SqliteStorage({ path: dbPath as string, busyTimeoutMs: 10_000 });
  process.stdout.write('ready\n');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) if (line.trim() === 'go') break;
  rl.close();
  const seqs: number[] = [];
  for (let i = 0; i < Number(countArg); i++) {
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
  await storage.close();
  process.stdout.write(`${JSON.stringify({ seqs })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
