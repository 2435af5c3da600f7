import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeCheckpoint } from '@alma/storage-conformance';
import { SqliteStorage } from './index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-planner-stats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sampleRows = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get();
    return table === undefined ? 0 : (db.prepare('SELECT count(*) AS n FROM sqlite_stat4').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('planner statistics without value samples (no re-prepare per bound value)', () => {
  it('drops sqlite_stat4 samples an earlier ANALYZE left, on open, and keeps the row counts', async () => {
    const file = path.join(dir, 'analyzed.db');
    const store = new SqliteStorage({ path: file });
    for (let i = 0; i < 50; i++) await store.saveCheckpoint(makeCheckpoint({ runId: `run-${i % 5}` }));
    await store.close();
    const raw = new Database(file);
    raw.exec('ANALYZE');
    raw.close();
    expect(sampleRows(file)).toBeGreaterThan(0);

    const reopened = new SqliteStorage({ path: file });
    expect(sampleRows(file)).toBe(0);
    const stat1 = new Database(file, { readonly: true });
    expect((stat1.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'checkpoints'").get() as { n: number }).n).toBeGreaterThan(0);
    stat1.close();
    expect((await reopened.listCheckpoints('run-1', {})).length).toBe(10);
    await reopened.close();
  });
});
