import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStorage } from './index.js';

const CHILDREN = 4;
const PER_CHILD = 50;
const PACKAGE_ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(__dirname, 'test-support', 'checkpoint-child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-mp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Child {
  ready: Promise<void>;
  go(): void;
  result: Promise<number[]>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', CHILD, ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<number[]>((resolve, reject) => {
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve((JSON.parse(last) as { seqs: number[] }).seqs);
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
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
