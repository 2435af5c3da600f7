import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTsChild } from './integration/child-writer.js';
import { SqliteStorage } from './index.js';

const CHILDREN = 4;
const PER_CHILD = 50;
const PACKAGE_ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'test-support', 'checkpoint-child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-mp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A writer process: resolves `ready` once it has opened the store, then its seqs once it is done. */
function startChild(args: string[]) {
  const child = startTsChild(CHILD, args, PACKAGE_ROOT);
  const result = Promise.all([child.waitForLine((line) => line.startsWith('{'), 110_000), child.closed]).then(([line, exit]) => {
    if (exit.code !== 0) throw new Error(`child exited ${exit.code}: ${exit.stderr}`);
    return (JSON.parse(line) as { seqs: number[] }).seqs;
  });
  return {
    ready: child.waitForLine((line) => line === 'ready', 60_000),
    go: () => child.child.stdin.end('go\n'),
    result,
  };
}

describe('several processes writing checkpoints to one database file', () => {
  it(`${CHILDREN} processes x ${PER_CHILD} checkpoints on one run: seqs 1..${CHILDREN * PER_CHILD}, none lost or duplicated`, async () => {
    const dbPath = path.join(dir, 'shared.db');
    const runId = 'run-shared';
    const parent = new SqliteStorage({ path: dbPath });
    const children = Array.from({ length: CHILDREN }, (_, w) => startChild([dbPath, runId, String(PER_CHILD), `w${w}`]));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const perChild = await Promise.all(children.map((c) => c.result));

    // Each writer saw its own seqs strictly increasing (it writes sequentially).
    for (const seqs of perChild) {
      expect(seqs).toHaveLength(PER_CHILD);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const all = perChild.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: CHILDREN * PER_CHILD }, (_, i) => i + 1));

    const stored = await parent.listCheckpoints(runId, { allTenants: true }, { limit: 1000 });
    expect(stored.map((c) => c.seq)).toEqual(all);
    expect(new Set(stored.map((c) => c.id)).size).toBe(CHILDREN * PER_CHILD);
    expect((await parent.getLatestCheckpoint(runId, {}))?.seq).toBe(CHILDREN * PER_CHILD);
    await parent.close();
  }, 120_000);
});
