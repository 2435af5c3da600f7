import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SINGLE_TENANT } from '@alma/types';
import { startTsChild } from './integration/child-writer.js';
import { SqliteStorage } from './index.js';

const CHILDREN = 3;
const APPENDS = 25;
const PACKAGE_ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'test-support', 'cas-child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-cas-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('expectedLatestId across processes', () => {
  it(`${CHILDREN} processes appending by compare-and-swap build one linear chain, no fork`, async () => {
    const dbPath = path.join(dir, 'cas.db');
    const runId = 'run-cas';
    const parent = new SqliteStorage({ path: dbPath }); // migrates the file before the children open it
    const children = Array.from({ length: CHILDREN }, (_, w) =>
      startTsChild(CHILD, [dbPath, runId, String(APPENDS), `w${w}`], PACKAGE_ROOT),
    );
    try {
      await Promise.all(children.map((c) => c.waitForLine((line) => line === 'ready', 60_000)));
      for (const c of children) c.child.stdin.end('go\n');
      const results = await Promise.all(children.map((c) => c.waitForLine((line) => line.startsWith('{'), 90_000)));
      for (const exit of await Promise.all(children.map((c) => c.closed))) expect(exit).toMatchObject({ code: 0 });

      const K = CHILDREN * APPENDS;
      const stored = await parent.listCheckpoints(runId, SINGLE_TENANT, { limit: 1000 });
      expect(stored.map((c) => c.seq)).toEqual(Array.from({ length: K }, (_, i) => i + 1));
      // Every write continued from the checkpoint right before it: a stale write would have forked the chain.
      stored.forEach((c, i) => expect(c.parentCheckpointId).toBe(stored[i - 1]?.id));
      expect(await parent.getRun(runId, SINGLE_TENANT)).toMatchObject({ checkpointCount: K, latestSeq: K });
      const stale = results.reduce((n, line) => n + (JSON.parse(line) as { stale: number }).stale, 0);
      process.stdout.write(`stale-write test: ${K} appends, ${stale} stale attempts refused\n`);
    } finally {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.closed));
      await parent.close();
    }
  }, 120_000);
});
