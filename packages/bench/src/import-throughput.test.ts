import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importMarkdown, importThroughput } from './import-throughput.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-bench-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import throughput', () => {
  it('imports the same export both ways, every record, and reports the ratio', async () => {
    const runs = await importThroughput(dir, 300, 1, 100);
    expect(runs.map((r) => [r.batchSize, r.records])).toEqual([
      [100, 300],
      [1, 300],
    ]);
    for (const r of runs) expect(r.recordsPerSecond).toBeGreaterThan(0);
    const md = importMarkdown(runs, 'header line');
    expect(md).toContain('header line');
    expect(md).toContain('| batched (100 per transaction) | 300 |');
    for (const r of runs) expect(r.recordsPerCpuSecond).toBeGreaterThan(0);
    expect(md).toMatch(/Batched vs record by record: \*\*\d+\.\d×\*\*/);
  }, 120_000);
});
