import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { StorageError } from '@alma/types';
import * as schema from '../schema/index.js';
import { MIGRATIONS } from './index.js';
import { applyPending, MIGRATIONS_TABLE, readStatus } from './runner.js';
import type { Migration } from './types.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-mig-'));
let n = 0;
const freshPath = (): string => path.join(dir, `db-${++n}.sqlite`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration runner', () => {
  it('applies 000..006 to a new database, records each, and is idempotent', () => {
    const db = new Database(freshPath());
    expect(readStatus(db)).toMatchObject({ currentVersion: null, latestVersion: 6, pending: [0, 1, 2, 3, 4, 5, 6] });
    const first = applyPending(db);
    expect(first.applied.map((m) => m.version)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(first.currentVersion).toBe(6);
    const second = applyPending(db);
    expect(second.applied).toEqual([]);
    const status = readStatus(db);
    expect(status.currentVersion).toBe(6);
    expect(status.pending).toEqual([]);
    expect(status.migrations.every((m) => m.applied && m.appliedAt instanceof Date)).toBe(true);
    db.close();
  });

  it('creates exactly the drizzle schema: every table, column, type, NOT NULL and index', () => {
    const db = new Database(':memory:');
    applyPending(db);
    for (const table of Object.values(schema) as SQLiteTable[]) {
      const config = getTableConfig(table);
      const info = db.prepare(`PRAGMA table_info(${config.name})`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      const actual = Object.fromEntries(info.map((c) => [c.name, { type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk === 1 }]));
      const expected = Object.fromEntries(
        config.columns.map((c) => [c.name, { type: c.getSQLType().toLowerCase(), notNull: c.notNull || c.primary }]),
      );
      expect({ table: config.name, columns: actual }).toEqual({ table: config.name, columns: expected });
      const indexes = (db.prepare(`PRAGMA index_list(${config.name})`).all() as Array<{ name: string; origin: string }>)
        .filter((i) => i.origin === 'c')
        .map((i) => i.name)
        .sort();
      expect({ table: config.name, indexes }).toEqual({ table: config.name, indexes: config.indexes.map((i) => i.config.name).sort() });
    }
    db.close();
  });

  it('rolls a failing migration back completely and leaves it pending', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (id TEXT)');
        d.exec('THIS IS NOT SQL');
      },
    };
    const list = [MIGRATIONS[0] as Migration, broken];
    expect(() => applyPending(db, list)).toThrow(/Migration 001 \(broken\) failed/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    expect(readStatus(db, list)).toMatchObject({ currentVersion: 0, pending: [1] });
    db.close();
  });

  it('refuses a database migrated by a newer package version', () => {
    const db = new Database(':memory:');
    applyPending(db);
    db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (99, 'future', ?)`).run(new Date().toISOString());
    expect(() => readStatus(db)).toThrow(StorageError);
    expect(() => applyPending(db)).toThrow(/newer than this @alma\/storage-sqlite knows/);
    db.close();
  });

  it('leaves every migration in one transaction with its version row (two runners, one file)', () => {
    const file = freshPath();
    const a = new Database(file, { timeout: 5000 });
    const b = new Database(file, { timeout: 5000 });
    a.pragma('journal_mode = WAL');
    expect(applyPending(a).applied).toHaveLength(7);
    expect(applyPending(b).applied).toHaveLength(0);
    const rows = a.prepare(`SELECT COUNT(*) AS n FROM ${MIGRATIONS_TABLE}`).get() as { n: number };
    expect(rows.n).toBe(7);
    a.close();
    b.close();
  });
});
