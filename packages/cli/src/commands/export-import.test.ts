import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MemoryStorage } from '@alma/storage-memory';
import { seedStore, type SeedCounts } from '../test-support/seed.js';
import { alma, recordSet, tempDir, writeConfig } from '../test-support/run.js';

// Each case exports and imports a seeded store in process: seconds on a busy 2-core machine.
jest.setTimeout(60_000);

const { dir, cleanup } = tempDir('export');
afterAll(cleanup);
let seeded: SeedCounts;

beforeAll(async () => {
  const store = new MemoryStorage({ persistPath: join(dir, 'source.json') });
  seeded = await seedStore(store);
  await store.close();
  writeConfig(dir, 'source.yaml', { adapter: 'memory', options: { persistPath: 'source.json' } });
});

describe('alma export', () => {
  it('to stdout: the data on stdout, the summary on stderr', async () => {
    const r = await alma(dir, ['export', '-c', 'source.yaml']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ alma_export: 1, source: 'memory' });
    expect(lines).toHaveLength(seeded.total + 1);
    expect(r.err).toBe(`Exported ${seeded.total} records (60 memories, 2 workflow outcomes, 2 artifact links, 2 session handoffs, 2 work items, 3 entities, 2 relationships, 156 checkpoints, 3 runs).\n`);
  });

  it('to a file, atomically, with a progress bar on a terminal and --json', async () => {
    let err = '';
    const stderr = new PassThrough().on('data', (c: Buffer) => (err += c.toString()));
    const r = await alma(dir, ['export', '-c', 'source.yaml', '--out', 'dump.jsonl', '--json'], { progress: true, stderr });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ records: seeded.total, out: join(dir, 'dump.jsonl'), counts: { checkpoint: 156 } });
    expect(readFileSync(join(dir, 'dump.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(seeded.total + 1);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    expect(err.startsWith('\r\u001b[2Kexporting 1 records')).toBe(true);
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('a failed export leaves no file behind', async () => {
    const r = await alma(dir, ['export', '-c', 'source.yaml', '--out', 'missing-dir/x.jsonl']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`alma: cannot write ${join(dir, 'missing-dir/x.jsonl')}: ENOENT: no such file or directory, open '${join(dir, 'missing-dir/x.jsonl')}'\n`);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });
});

describe('alma import', () => {
  it('from a file into a fresh store, then --on-conflict error / skip', async () => {
    await alma(dir, ['export', '-c', 'source.yaml', '--out', 'all.jsonl']);
    writeConfig(dir, 'target.yaml', { adapter: 'memory', options: { persistPath: 'target.json' } });
    const r = await alma(dir, ['import', 'all.jsonl', '-c', 'target.yaml']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`Imported ${seeded.total} records (60 memories, 2 workflow outcomes, 2 artifact links, 2 session handoffs, 2 work items, 3 entities, 2 relationships, 156 checkpoints, 3 runs).\n`);
    const back = await alma(dir, ['export', '-c', 'target.yaml']);
    expect(recordSet(back.out)).toEqual(recordSet(readFileSync(join(dir, 'all.jsonl'), 'utf8')));

    const again = await alma(dir, ['import', 'all.jsonl', '-c', 'target.yaml', '--max-errors', '5']);
    expect(again.code).toBe(1);
    expect(again.err.trimEnd().split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/^alma: import had 5 error\(s\) \(stopped after 5 errors\), first at line 2: .*; --verbose lists them all\n$/);
    const verbose = await alma(dir, ['--verbose', 'import', 'all.jsonl', '-c', 'target.yaml', '--max-errors', '2']);
    expect(verbose.err.match(/^alma: line \d+:/gm)).toHaveLength(2);
    const skip = await alma(dir, ['import', 'all.jsonl', '-c', 'target.yaml', '--on-conflict', 'skip', '--json']);
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.out)).toMatchObject({ imported: 0, skipped: seeded.total, errors: [] });
    expect((await alma(dir, ['import', 'all.jsonl', '-c', 'target.yaml', '--on-conflict', 'skip'])).out).toBe(
      `Imported 0 records, skipped ${seeded.total} that already existed.\n`,
    );
  });

  it('from stdin, with warnings, one bad line, and a progress bar', async () => {
    writeConfig(dir, 'stdin.yaml', { adapter: 'memory', options: { persistPath: 'stdin.json' } });
    const header = JSON.stringify({ alma_export: 1, exportedAt: '2026-01-01T00:00:00.000Z' });
    const ghost = JSON.stringify({ kind: 'run', record: { runId: 'ghost', status: 'failed', metadata: {}, checkpointCount: 0, latestSeq: 0, stateBytes: 0, storedBytes: 0, branches: [], firstAt: '2026-01-01T00:00:00Z', lastAt: '2026-01-01T00:00:00Z' } });
    const entity = JSON.stringify({ kind: 'entity', record: { id: 'e', projectId: 'p', name: 'E', entityType: 't', createdAt: '2026-01-01T00:00:00Z' } });
    const r = await alma(dir, ['import', '-', '-c', 'stdin.yaml'], { input: `${header}\n${entity}\n${ghost}\n{oops\n`, progress: true });
    expect(r.code).toBe(1);
    expect(r.out).toBe('Imported 1 record (1 entity).\n');
    expect(r.err).toContain("alma: warning: line 3: run 'ghost' has no checkpoints in the target store");
    expect(r.err).toMatch(/alma: import had 1 error\(s\), first at line 4: not valid JSON .*\n$/);
  });

  it('refuses a missing file or something that is not an export', async () => {
    expect((await alma(dir, ['import', 'nope.jsonl', '-c', 'source.yaml'])).err).toBe(`alma: file not found: ${join(dir, 'nope.jsonl')}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const r = await alma(dir, ['import', 'notes.txt', '-c', 'source.yaml']);
    expect(r).toMatchObject({ code: 1, err: 'alma: line 1: not an ALMA export (the first line must be the {"alma_export":1,...} header).\n' });
    expect((await alma(dir, ['import', 'notes.txt', '-c', 'source.yaml', '--on-conflict', 'merge'])).code).toBe(2);
  });
});
