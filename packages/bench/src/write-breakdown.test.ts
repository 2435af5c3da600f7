import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakdownMarkdown, CREATED_INDEX, FILTERED_CATALOG_INDEXES, indexNames, writeBreakdown } from './write-breakdown.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-bench-breakdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite write breakdown', () => {
  it('measures each step on the schema it names, and writes them as a table', async () => {
    const rows = await writeBreakdown(dir, 40);
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row.p50).toBeGreaterThan(0);
    // Each variant really ran without the indexes its row names, and the shipped schema has them all.
    const shipped = indexNames(join(dir, 'shipped.db'));
    expect(shipped).toEqual(expect.arrayContaining([...FILTERED_CATALOG_INDEXES, CREATED_INDEX, 'idx_runs_recent']));
    const noFiltered = indexNames(join(dir, 'no-filtered-catalog-indexes.db'));
    expect(noFiltered).toContain(CREATED_INDEX);
    for (const name of FILTERED_CATALOG_INDEXES) expect(noFiltered).not.toContain(name);
    expect(indexNames(join(dir, 'no-created-index.db'))).not.toContain(CREATED_INDEX);
    // The hash of a 100 KB state costs more than the hash of a 1 KB one.
    const hash = (size: string) => rows.find((r) => r.label.includes(size))?.p50 ?? NaN;
    expect(hash('100 KB')).toBeGreaterThan(hash('1 KB state'));

    const md = breakdownMarkdown(rows, 'header line');
    expect(md).toContain('header line');
    expect(md.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(1 + rows.length);
    expect(md).toContain(`| SqliteSaver \`put\` of the same states | ${rows[6]?.p50.toFixed(3)} |`);
  }, 120_000);
});
