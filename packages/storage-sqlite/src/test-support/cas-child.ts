/**
 * Child process of the stale-write test: `cas-child.ts <dbPath> <runId> <appends> <workerId>`.
 * Opens its own SqliteStorage, prints `ready`, waits for `go` on stdin, then appends <appends> checkpoints to the
 * run's main line as a compare-and-swap loop: read the tip, save with `expectedLatestId` = that tip, and on
 * StaleCheckpointError read again and retry. Prints one line `{"stale":n}` and exits.
 */
import * as readline from 'node:readline';
import { createHash } from 'node:crypto';
import { SINGLE_TENANT } from '@alma/types';
import { SqliteStorage } from '../index.js';

const [dbPath, runId, appendsArg, workerId] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  const storage = new SqliteStorage({ path: dbPath, busyTimeoutMs: 10_000 });
  process.stdout.write('ready\n');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) if (line.trim() === 'go') break;
  rl.close();
  let stale = 0;
  for (let i = 0; i < Number(appendsArg); ) {
    const tip = await storage.getLatestCheckpoint(runId, SINGLE_TENANT, { branchId: null });
    const state = JSON.stringify({ workerId, i });
    try {
      await storage.saveCheckpoint({
        id: `cas-${workerId}-${i}`,
        runId,
        nodeId: workerId,
        ...(tip ? { parentCheckpointId: tip.id } : {}),
        expectedLatestId: tip?.id ?? null,
        state,
        stateHash: createHash('sha256').update(state).digest('hex'),
        stateSizeBytes: Buffer.byteLength(state),
      });
      i++;
    } catch (error) {
      if ((error as { code?: string }).code !== 'STALE_CHECKPOINT') throw error;
      stale++;
    }
  }
  await storage.close();
  process.stdout.write(`${JSON.stringify({ stale })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
