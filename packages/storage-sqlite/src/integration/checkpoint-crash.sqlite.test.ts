import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointManager } from '@alma/checkpoint';
import { SqliteStorage } from '../index.js';
import { loopPayload, startTsChild } from './child-writer.js';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');
const WRITER = path.join(__dirname, 'bin', 'checkpoint-writer.ts');
const ITERATIONS = 20;
/** Iterations run this many at a time (each on its own database file) to keep the suite short. */
const PARALLEL = 2;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-ckpt-crash-'));

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Report {
  /** Highest seq the child printed as committed (0 = none). */
  readonly lastReported: number;
  /** The child printed `begin` for a write it never reported: killed inside `checkpoint()`. */
  readonly inFlight: boolean;
}

/** Reads the child's protocol: `begin <i>` before each write, `committed <seq> <i>` after it returned. */
function readReport(lines: readonly string[]): Report {
  let lastReported = 0;
  let inFlight = false;
  for (const line of lines) {
    const [word, a, b] = line.split(' ');
    if (word === 'begin') inFlight = true;
    if (word === 'committed') {
      // A single sequential writer on a fresh run: write i gets seq i.
      expect(a).toBe(b);
      lastReported = Number(a);
      inFlight = false;
    }
  }
  return { lastReported, inFlight };
}

async function crashOnce(iteration: number): Promise<{ report: Report; resumeSeq: number }> {
  const dbPath = path.join(dir, `crash-${iteration}.db`);
  const runId = `crash-run-${iteration}`;
  const writer = startTsChild(WRITER, ['loop', dbPath, runId], PACKAGE_ROOT);
  await writer.waitForLine((line) => line === 'ready', 30_000);
  // Odd iterations start the clock once the store is open (a kill may land before the first commit); even ones
  // once the first checkpoint is reported, so at least half the kills hit a run with progress even on a slow box.
  if (iteration % 2 === 0) await writer.waitForLine((line) => line.startsWith('committed '), 30_000);
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 181)));
  writer.child.kill('SIGKILL');
  const exit = await writer.closed;
  expect(exit.signal).toBe('SIGKILL');
  const report = readReport(writer.lines);

  // The file opens cleanly: SQLite's own check first, then the store (which migrates/validates on open).
  const raw = new Database(dbPath, { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    raw.close();
  }
  const storage = new SqliteStorage({ path: dbPath });
  try {
    const manager = new CheckpointManager(storage);
    const resume = await manager.getResumePoint(runId, { tenantId: 'it' });
    const resumeSeq = resume?.seq ?? 0;
    // The invariant: the resume point is the last checkpoint the child reported as committed, or the one after it
    // when the child was killed inside that write after the COMMIT but before it could print the line.
    if (report.inFlight) expect([report.lastReported, report.lastReported + 1]).toContain(resumeSeq);
    else expect(resumeSeq).toBe(report.lastReported);
    // Every surviving checkpoint is whole: seqs 1..resumeSeq, each with the state written for it (hash-checked).
    const all = await manager.listCheckpoints<{ i: number; payload: string }>(runId, { tenantId: 'it' }, { limit: 10_000 });
    expect(all.map((c) => c.seq)).toEqual(Array.from({ length: resumeSeq }, (_, k) => k + 1));
    for (const c of all) expect(c.state).toEqual({ i: c.seq, payload: loopPayload(c.seq) });
    if (resume) expect(resume.state.i).toBe(resumeSeq);
    return { report, resumeSeq };
  } finally {
    await storage.close();
  }
}

describe('checkpoints survive SIGKILL (SQLite)', () => {
  it(
    `resumes from the last reported checkpoint after ${ITERATIONS} random kills`,
    async () => {
      const outcomes: Array<{ report: Report; resumeSeq: number }> = [];
      for (let start = 0; start < ITERATIONS; start += PARALLEL) {
        const batch = Array.from({ length: Math.min(PARALLEL, ITERATIONS - start) }, (_, k) => crashOnce(start + k));
        outcomes.push(...(await Promise.all(batch)));
      }
      expect(outcomes).toHaveLength(ITERATIONS);
      expect(outcomes.filter((o) => o.report.lastReported > 0).length).toBeGreaterThanOrEqual(ITERATIONS / 2);
      const committedUnreported = outcomes.filter((o) => o.resumeSeq === o.report.lastReported + 1).length;
      const reported = outcomes.map((o) => o.report.lastReported);
      process.stdout.write(
        `crash test: ${ITERATIONS} kills, reported seqs ${Math.min(...reported)}..${Math.max(...reported)}, ` +
          `killed mid-write ${outcomes.filter((o) => o.report.inFlight).length}, ` +
          `committed-but-unreported ${committedUnreported}\n`,
      );
    },
    120_000,
  );
});
