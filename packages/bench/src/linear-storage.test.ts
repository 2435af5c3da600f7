import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { linearStorageMarkdown, linearStorageRun } from './linear-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-bench-linear-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('linear storage benchmark', () => {
  it('stores a growing state linearly with ALMA and quadratically with a full-state saver', async () => {
    const lgPath = join(dir, 'lg.db');
    const saver = SqliteSaver.fromConnString(lgPath);
    const bytes = () => {
      const db = new Database(lgPath, { readonly: true });
      const { n } = db.prepare('SELECT SUM(LENGTH(checkpoint) + LENGTH(metadata)) AS n FROM checkpoints').get() as { n: number };
      db.close();
      return n;
    };
    const r = await linearStorageRun(200, join(dir, 'alma.db'), saver, bytes);
    expect(r.steps).toBe(200);
    expect(r.alma.write.n).toBe(200);
    expect(r.alma.storedBytes / r.finalStateBytes).toBeLessThan(2.5);
    expect(r.langgraph.storedBytes / r.finalStateBytes).toBeGreaterThan(50);
    const md = linearStorageMarkdown(r, 'header line');
    expect(md).toContain('| ALMA CheckpointManager (delta encoding, SQLite) |');
    expect(md).toContain('header line');
  }, 60_000);
});
