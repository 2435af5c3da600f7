import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointManager } from '@alma/checkpoint';
import { WorkflowContext } from '@alma/types';
import { SqliteStorage } from '../index.js';
import { startTsChild } from './child-writer.js';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');
const WRITER = path.join(__dirname, 'bin', 'checkpoint-writer.ts');
const ASYNC_WRITERS = 50;
const WRITES_PER_ASYNC_WRITER = 2;
const CHILDREN = 3;
const WRITES_PER_CHILD = 30;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-ckpt-conc-'));

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('concurrent checkpoint writers on one run (SQLite)', () => {
  it(
    `gives ${ASYNC_WRITERS} async writers + ${CHILDREN} processes every seq 1..K exactly once`,
    async () => {
      const dbPath = path.join(dir, 'concurrency.db');
      const runId = 'concurrent-run';
      const ctx = WorkflowContext.from({ tenantId: 'it', workflowId: 'wf', runId });
      // Two connections in this process, so in-process writers also contend for the write lock.
      const stores = [new SqliteStorage({ path: dbPath }), new SqliteStorage({ path: dbPath })];
      const managers = stores.map((s) => new CheckpointManager(s));
      const children = Array.from({ length: CHILDREN }, (_, c) =>
        startTsChild(WRITER, ['burst', dbPath, runId, String(WRITES_PER_CHILD), String(c)], PACKAGE_ROOT),
      );
      try {
        await Promise.all(children.map((child) => child.waitForLine((line) => line === 'ready', 30_000)));
        for (const child of children) child.child.stdin.write('go\n');
        const inProcess = await Promise.all(
          Array.from({ length: ASYNC_WRITERS }, async (_, w) => {
            const manager = managers[w % managers.length] as CheckpointManager;
            const seqs: number[] = [];
            for (let k = 0; k < WRITES_PER_ASYNC_WRITER; k++) {
              const { checkpoint, skipped } = await manager.checkpoint(ctx, `async-${w}`, { writer: `async-${w}`, k });
              expect(skipped).toBe(false);
              seqs.push(checkpoint.seq);
            }
            return seqs;
          }),
        );
        await Promise.all(children.map((child) => child.waitForLine((line) => line === 'done', 30_000)));
        const exits = await Promise.all(children.map((child) => child.closed));
        for (const exit of exits) expect(exit).toMatchObject({ code: 0, signal: null });

        const K = ASYNC_WRITERS * WRITES_PER_ASYNC_WRITER + CHILDREN * WRITES_PER_CHILD;
        const everySeq = Array.from({ length: K }, (_, i) => i + 1);
        const childSeqs = children.flatMap((child) =>
          child.lines.filter((line) => line.startsWith('committed ')).map((line) => Number(line.split(' ')[1])),
        );
        // What the writers were told partitions 1..K: no seq given twice, none skipped.
        expect([...inProcess.flat(), ...childSeqs].sort((a, b) => a - b)).toEqual(everySeq);

        const reader = managers[0] as CheckpointManager;
        const stored = await reader.listCheckpoints<{ writer: string; k: number }>(runId, ctx, { limit: 10_000 });
        expect(stored.map((c) => c.seq)).toEqual(everySeq);
        expect(new Set(stored.map((c) => c.id)).size).toBe(K);
        expect(new Set(stored.map((c) => `${c.state.writer}/${c.state.k}`)).size).toBe(K);
        // Diagnostic: how often consecutive seqs came from different writers (high = real contention).
        const switches = stored.filter((c, i) => i > 0 && c.nodeId !== stored[i - 1]?.nodeId).length;
        process.stdout.write(`concurrency test: K=${K}, writer changes along seq order: ${switches}\n`);
        const resume = await reader.getResumePoint(runId, ctx);
        expect(resume?.seq).toBe(K);
        expect(resume?.latest).toEqual(stored[K - 1]);
      } finally {
        for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
        await Promise.all(children.map((child) => child.closed));
        await Promise.all(stores.map((s) => s.close()));
      }
    },
    90_000,
  );
});
