/**
 * Child process for the checkpoint concurrency and crash tests. Speaks a line protocol on stdout; stdout is a pipe,
 * and pipe writes are synchronous on Linux, so a line is in the parent's pipe before the next statement runs.
 *
 *   burst <dbPath> <runId> <count> <writerId>  prints `ready`, waits for `go` on stdin, writes <count> checkpoints
 *                                              printing `committed <seq>` after each, then `done`.
 *   loop <dbPath> <runId>                      prints `ready`, then forever: `begin <i>`, write checkpoint i
 *                                              (state { i, payload }), `committed <seq> <i>`.
 */
import * as readline from 'node:readline';
import { CheckpointManager } from '@alma/checkpoint';
import { WorkflowContext } from '@alma/types';
import { SqliteStorage } from '../../index.js';
import { loopPayload } from '../child-writer.js';

const [mode, dbPath, runId, countArg, writerId] = process.argv.slice(2);
if (!dbPath || !runId || (mode !== 'burst' && mode !== 'loop')) {
  process.stderr.write('usage: checkpoint-writer burst|loop <dbPath> <runId> [count writerId]\n');
  process.exit(2);
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function waitForGo(): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (line.trim() === 'go') break;
  }
  rl.close();
}

async function main(): Promise<void> {
  const storage = new SqliteStorage({ path: dbPath as string });
  const manager = new CheckpointManager(storage);
  const ctx = WorkflowContext.from({ tenantId: 'it', workflowId: 'wf', runId });
  say('ready');
  if (mode === 'burst') {
    await waitForGo();
    for (let k = 0; k < Number(countArg); k++) {
      const { checkpoint } = await manager.checkpoint(ctx, `child-${writerId}`, { writer: `child-${writerId}`, k });
      say(`committed ${checkpoint.seq}`);
    }
    say('done');
    await storage.close();
    return;
  }
  for (let i = 1; ; i++) {
    say(`begin ${i}`);
    const { checkpoint } = await manager.checkpoint(ctx, `node-${i}`, { i, payload: loopPayload(i) });
    say(`committed ${checkpoint.seq} ${i}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
