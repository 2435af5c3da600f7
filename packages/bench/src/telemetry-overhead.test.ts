import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overheadMarkdown, telemetryOverhead, TELEMETRY_MODES } from './telemetry-overhead.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-bench-telemetry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('telemetry overhead', () => {
  it('measures every operation in every mode and writes the ratios', async () => {
    const rows = await telemetryOverhead(dir, 20, 50, 2);
    expect(rows.map((r) => r.operation)).toEqual(['retrieve (cache off)', 'checkpoint (1 KB state)', 'learn']);
    for (const row of rows) for (const mode of TELEMETRY_MODES) expect(row.p50[mode]).toBeGreaterThan(0);
    const md = overheadMarkdown(rows, 'header line');
    expect(md).toContain('header line');
    expect(md).toMatch(/\| retrieve \(cache off\) \| [\d.]+ \| [\d.]+ \| [\d.]+× \| [\d.]+ \| [\d.]+× \|/);
  }, 120_000);
});
